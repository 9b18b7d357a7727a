package dev.vitals.alerting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stable key of an alert, for the dedup stage: the same labels from the same source are the same
 * alert, whatever order they come in and however often they are re-sent. A SHA-256 of the source and
 * the sorted labels, each part length-prefixed so that no two different label sets can be written
 * alike.
 */
public record AlertKey(String value) {
    public static AlertKey of(String source, Map<String, String> labels) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            part(d, source);
            for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
                part(d, e.getKey());
                part(d, e.getValue());
            }
            return new AlertKey(HexFormat.of().formatHex(d.digest(), 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static void part(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        d.update(b);
    }

    @Override
    public String toString() {
        return value;
    }
}
