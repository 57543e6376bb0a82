package io.vnode.executor.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class TokenLifetimesTest {

    /** A JWT shaped as the API server issues it (the signature is not read). */
    public static byte[] jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return (b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln").getBytes(StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // claims                                                   | lifetime tag
        "{\"aud\":[\"api\"],\"exp\":1700000600,\"iat\":1700000000}    | 1700000000-1700000600",
        "{\"iat\": 1700000000, \"exp\": 1731536000, \"sub\":\"x\"}     | 1700000000-1731536000",
        "{\"iat\":1700000000}                                         | ''",
        "{\"exp\":1700000000,\"iat\":1700000000}                      | ''",
        "not json at all                                              | ''",
    })
    void theLifetimeIsReadFromTheTokensClaims(String claims, String tag) {
        assertThat(TokenLifetimes.of(jwt(claims)).map(TokenLifetimes.Lifetime::tag).orElse("")).isEqualTo(tag);
    }

    @Test
    void aTokenThatIsNoJwtHasNoLifetime() {
        assertThat(TokenLifetimes.of("opaque".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(TokenLifetimes.of("a.%%%.c".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // tag                    | max age | now (epoch s) | due
        "1000-1600                | ''      | 1479          | false",
        "1000-1600                | ''      | 1480          | true",   // 80% of 600 s
        "1000-1600                | PT1M    | 1059          | false",
        "1000-1600                | PT1M    | 1060          | true",   // the max age comes first
        "1000-1600                | PT24H   | 1480          | true",   // 80% comes first
        "1000-31537000            | PT24H   | 87399         | false",  // a year-long token, a kubelet's 24 h
        "1000-31537000            | PT24H   | 87400         | true",
        "1000-31537000            | ''      | 87400         | false",  // without a max age: at 80% of the year
        "''                       | PT1S    | 99999999      | false",  // no tag: never
        "garbage                  | PT1S    | 99999999      | false",
        "1600-1000                | PT1S    | 99999999      | false",
    })
    void dueAtEightyPercentOfTheLifetimeOrAtTheMaxAge(String tag, String maxAge, long now, boolean due) {
        Duration age = maxAge.isEmpty() ? null : Duration.parse(maxAge);
        assertThat(TokenLifetimes.due(tag.isEmpty() ? null : tag, Instant.ofEpochSecond(now), age)).isEqualTo(due);
    }

    @Test
    void severalTokensAreRenewedWhenTheFirstIsDue() {
        byte[] longLived = jwt("{\"iat\":1000,\"exp\":31537000}");
        byte[] short1 = jwt("{\"iat\":1200,\"exp\":1800}");
        byte[] noClaims = "opaque".getBytes(StandardCharsets.US_ASCII);
        Optional<TokenLifetimes.Lifetime> earliest = TokenLifetimes.earliest(List.of(longLived, short1, noClaims));
        assertThat(earliest).map(TokenLifetimes.Lifetime::tag).contains("1000-1800");
        // never later than the short token's own renewal point (1200 + 480)
        assertThat(earliest.orElseThrow().renewAt(null)).isBeforeOrEqualTo(Instant.ofEpochSecond(1680));
        assertThat(TokenLifetimes.earliest(List.of(noClaims))).isEmpty();
    }
}
