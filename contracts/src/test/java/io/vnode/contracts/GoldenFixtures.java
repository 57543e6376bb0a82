package io.vnode.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The golden JSON fixture of each event type ({@code /fixtures/<type>.json}), shared with the services' tests. */
public final class GoldenFixtures {

    private GoldenFixtures() {
    }

    public static String json(String type) {
        String path = "/fixtures/" + type + ".json";
        try (InputStream in = GoldenFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no golden fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture decoded as an event of the given family. */
    public static <T extends VnodeEvent> T event(String type, Class<T> family) {
        return EventCodec.decode(json(type), family);
    }
}
