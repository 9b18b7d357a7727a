package dev.vitals.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Vitals-Signature} header of webhook requests: {@code t=<unix seconds>,v1=<hex>},
 * where the hex is HMAC-SHA256 with the receiver's secret over {@code t + "." + body}. The time is
 * signed too, so that a receiver can refuse a request replayed later (see docs/design.md).
 */
public final class Signature {
    public static final String HEADER = "X-Vitals-Signature";

    private Signature() {}

    /** The header value for {@code body} sent at {@code at}. */
    public static String header(String secret, Instant at, String body) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + hmac(secret, t + "." + body);
    }

    static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // Every JDK has HmacSHA256; without it nothing could be signed at all.
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
