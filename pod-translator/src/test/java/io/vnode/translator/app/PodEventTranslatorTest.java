package io.vnode.translator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vnode.contracts.EventCodec;
import io.vnode.contracts.instance.CreateInstance;
import io.vnode.contracts.pod.PodRejected;
import io.vnode.contracts.pod.RejectionReason;
import io.vnode.translator.adapter.kube.Fabric8PodManifests;
import io.vnode.translator.domain.EciProfile;
import io.vnode.translator.domain.TranslationContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The use case on one record at a time, with in-memory ports. */
class PodEventTranslatorTest {

    static final int ONE_MIB = 1024 * 1024;
    static final TranslationContext CTX = TranslationContext.of("cn-hangzhou", null,
            new EciProfile(List.of("vsw-a"), "sg-1", "rg-1"));

    static PodEventTranslator translator(ConfigMapSizes sizes) {
        return new PodEventTranslator(CTX, () -> CTX.profile(), new Fabric8PodManifests(), sizes, ONE_MIB, Clock.systemUTC());
    }

    static List<MalformedBoundRecords.Malformed> malformed() {
        return MalformedBoundRecords.generate();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aRecordThatCannotBeUsedIsDeadLetteredAndItsPodToldOrThePodIsRejected(MalformedBoundRecords.Malformed m) {
        Handling h = translator(ConfigMapSizes.none()).handle(m.json());
        switch (m.fate()) {
            case DEAD_LETTER_AND_TOLD -> {
                assertThat(h).isInstanceOfSatisfying(Handling.DeadLetter.class, d -> {
                    assertThat(d.reason()).isNotBlank();
                    assertThat(d.tell()).hasValueSatisfying(out -> assertRejected(out, m.uid(), RejectionReason.INVALID_POD, "cannot use"));
                });
            }
            case DEAD_LETTER_ONLY -> assertThat(h).isInstanceOfSatisfying(Handling.DeadLetter.class,
                    d -> assertThat(d.tell()).isEmpty());
            case REJECTED -> assertThat(h).isInstanceOfSatisfying(Handling.Publish.class,
                    p -> assertRejected(p.outbound(), m.uid(), RejectionReason.REQUEST_LIMIT_EXCEEDED, "at most"));
        }
    }

    @Test
    void theValidRecordTheMutationsStartFromIsTranslated() {
        Handling h = translator(ConfigMapSizes.none()).handle(EventCodec.mapper().writeValueAsBytes(
                MalformedBoundRecords.validRecord("9d0f3b1e-0000-4000-8000-000000000001", "web")));
        assertThat(h).isInstanceOfSatisfying(Handling.Publish.class,
                p -> assertThat(p.outbound().event()).isInstanceOf(CreateInstance.class));
    }

    @Test
    void aCreateOverTheRecordLimitIsThePodsRejectionNamingItsSizeAndTheLimit() {
        MalformedBoundRecords.Malformed huge = malformed().stream().filter(m -> m.name().startsWith("5,000")).findFirst().orElseThrow();
        Handling h = translator(ConfigMapSizes.none()).handle(huge.json());
        PodRejected r = (PodRejected) ((Handling.Publish) h).outbound().event();
        assertThat(r.message()).containsPattern("encodes to \\d+ bytes \\(1\\.\\d\\d MiB\\); one Kafka record takes at most"
                + " 1048576 bytes \\(1\\.00 MiB, the producer's max.request.size\\)").contains("Largest parts: container app");
    }

    @Test
    void aPodMountingA200KbConfigMapIsToldTheVolumeItsSizeAndTheLimit() {
        Map<String, Object> record = MalformedBoundRecords.validRecord("9d0f3b1e-0000-4000-8000-000000000002", "web");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) record.get("manifest")).get("spec");
        spec.put("volumes", List.of(Map.of("name", "settings", "configMap", Map.of("name", "big"))));
        ConfigMapSizes sizes = (ns, name) -> "shop".equals(ns) && "big".equals(name)
                ? Optional.of(Map.of("app.json", 200 * 1024)) : Optional.empty();

        Handling h = translator(sizes).handle(EventCodec.mapper().writeValueAsBytes(record));

        PodRejected r = (PodRejected) ((Handling.Publish) h).outbound().event();
        assertThat(r.reasonCode()).isEqualTo(RejectionReason.REQUEST_LIMIT_EXCEEDED.code());
        assertThat(r.message()).isEqualTo("volume settings: key app.json of ConfigMap shop/big is 204800 bytes (200 KiB);"
                + " the cloud takes config files of at most 32768 bytes (32 KiB) each and 60 KiB per volume: mount large"
                + " data from NFS or bake it into the image");
        assertThat(translator(ConfigMapSizes.none()).handle(EventCodec.mapper().writeValueAsBytes(record)))
                .as("a ConfigMap whose size is unknown is left to the executor")
                .isInstanceOfSatisfying(Handling.Publish.class, p -> assertThat(p.outbound().event()).isInstanceOf(CreateInstance.class));
    }

    @Test
    void aDeadLetterThatWouldNotFitInOneRecordKeepsItsReasonButNotItsPayload() {
        MalformedBoundRecords.Malformed podNull = malformed().get(0);
        PodEventTranslator small = new PodEventTranslator(CTX, () -> CTX.profile(), new Fabric8PodManifests(),
                ConfigMapSizes.none(), podNull.json().length + 1024, Clock.systemUTC());

        Handling.DeadLetter d = (Handling.DeadLetter) small.handle(podNull.json());

        assertThat(d.keepPayload()).isFalse();
        assertThat(d.reason()).startsWith("IllegalArgumentException: the event has no pod reference (pod is null) [the record's "
                + podNull.json().length + " bytes are not kept");
        assertThat(d.tell()).isPresent();
        assertThat(((Handling.DeadLetter) translator(ConfigMapSizes.none()).handle(podNull.json())).keepPayload()).isTrue();
    }

    private static void assertRejected(Outbound out, String uid, RejectionReason reason, String messagePart) {
        assertThat(out.output()).isEqualTo(Outbound.Output.POD_REJECTIONS);
        PodRejected r = (PodRejected) out.event();
        assertThat(r.pod().uid()).isEqualTo(uid);
        assertThat(r.reasonCode()).isEqualTo(reason.code());
        assertThat(r.message()).contains(messagePart);
    }
}
