package io.vnode.translator.domain;

import io.vnode.contracts.pod.RejectionReason;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What one step of a translation decided: a value for the next step, or the pod's rejection, which
 * ends the chain (the steps after it do not run, so the first rejection is the one reported).
 *
 * @param <T> the decided value
 */
sealed interface Outcome<T> permits Outcome.Decided, Outcome.Refused {

    record Decided<T>(T value) implements Outcome<T> {
    }

    record Refused<T>(Translation.Rejected rejection) implements Outcome<T> {
    }

    static <T> Outcome<T> decided(T value) {
        return new Decided<>(value);
    }

    static <T> Outcome<T> refused(RejectionReason reason, String message) {
        return new Refused<>(new Translation.Rejected(reason, message));
    }

    /** Runs a step whose helpers (SpecRounding, CloudParameters, ContainerMapping) reject by throwing {@link Reject}. */
    static <T> Outcome<T> catching(Supplier<T> step) {
        try {
            return decided(step.get());
        } catch (Reject r) {
            return refused(r.reason(), r.getMessage());
        }
    }

    /** The next step, run only on a decided value. */
    default <U> Outcome<U> then(Function<? super T, Outcome<U>> next) {
        if (this instanceof Decided<T> d) {
            return next.apply(d.value());
        }
        return new Refused<>(((Refused<T>) this).rejection());
    }

    default <U> Outcome<U> map(Function<? super T, U> f) {
        return then(value -> decided(f.apply(value)));
    }

    /** The end of the chain: the accepted translation of a decided value, or the rejection. */
    default Translation toTranslation(Function<? super T, Translation.Accepted> accept) {
        if (this instanceof Decided<T> d) {
            return accept.apply(d.value());
        }
        return ((Refused<T>) this).rejection();
    }
}
