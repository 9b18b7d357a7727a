package dev.vitals.accounts;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) as every authenticator app makes them: HMAC-SHA1, six
 * digits, a new code every 30 seconds. A code is accepted one step early or late, so a phone whose
 * clock is a little off, or a person who types slowly, still gets in.
 *
 * <p>A code may be used once: {@link #verify} returns the step it matched, the caller stores it with
 * the user, and passes it back next time. A code of that step or an earlier one is then refused, so
 * a code seen over a shoulder or in a proxy log is worthless once used.
 */
public final class Totp {
    /** How long one code lives. */
    public static final Duration STEP = Duration.ofSeconds(30);

    private static final int DIGITS = 6;
    private static final int SECRET_BYTES = 20; // 160 bits, the size RFC 4226 recommends
    private static final int WINDOW = 1;
    private static final String ISSUER = "Vitals";

    private final InstantSource clock;
    private final SecureRandom random;

    public Totp(InstantSource clock) {
        this(clock, new SecureRandom());
    }

    Totp(InstantSource clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** What {@link #verify} concluded. */
    public sealed interface Check permits Accepted, Refused {}

    /** The code was right; store {@code step} as the user's last used step. */
    public record Accepted(long step) implements Check {}

    /** The code was not accepted, with words for the person who typed it. */
    public record Refused(Why why) implements Check {
        public String words() {
            return why.words;
        }
    }

    public enum Why {
        MALFORMED("The code must be the 6 digits your authenticator app shows."),
        WRONG("That code is not right. Check that the time on your phone is correct."),
        REPLAYED("That code has already been used. Wait for the next one.");

        private final String words;

        Why(String words) {
            this.words = words;
        }
    }

    /** A new random secret, in Base32, to show once as a QR code and store with the user. */
    public String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        random.nextBytes(key);
        return Base32.encode(key);
    }

    /** True when {@code secret} is Base32 text that {@link #verify} can use. */
    public static boolean isSecret(String secret) {
        return Base32.decode(secret).map(k -> k.length > 0).orElse(false);
    }

    /**
     * The {@code otpauth://} URI an authenticator app reads from a QR code. {@code account} is
     * percent-encoded, a colon in it too (the label's one colon separates issuer and account), and a
     * space as {@code %20}: apps do not read {@code +} as a space in the label.
     */
    public static String enrolmentUri(String secret, String account) {
        return "otpauth://totp/" + ISSUER + ":" + encode(account) + "?secret=" + secret + "&issuer=" + ISSUER;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Checks {@code code} against {@code secret} at the current time. Spaces anywhere in the code are
     * ignored ("123 456" is how apps show it). {@code lastUsedStep} is the step returned by the last
     * accepted code, empty when the user has never used one.
     *
     * @throws IllegalArgumentException when {@code secret} is not Base32: a stored secret that cannot
     *     be read is a fault in Vitals, not a wrong code
     */
    public Check verify(String secret, String code, OptionalLong lastUsedStep) {
        byte[] key = Base32.decode(secret)
                .filter(k -> k.length > 0)
                .orElseThrow(() -> new IllegalArgumentException("the TOTP secret is not Base32 text"));
        String typed = code.replaceAll("\\s", "");
        if (!isDigits(typed, DIGITS)) {
            return new Refused(Why.MALFORMED);
        }
        long now = step(clock.instant());
        boolean replayed = false;
        for (long step = now - WINDOW; step <= now + WINDOW; step++) {
            if (sameCode(code(key, step, DIGITS), typed)) {
                if (lastUsedStep.isPresent() && step <= lastUsedStep.getAsLong()) {
                    replayed = true; // keep looking: a later step may match too, however unlikely
                } else {
                    return new Accepted(step);
                }
            }
        }
        return new Refused(replayed ? Why.REPLAYED : Why.WRONG);
    }

    /** The code an authenticator app shows at {@code at} for {@code secret} (Base32), as a person would type it. */
    public static String codeAt(String secret, Instant at) {
        byte[] key = Base32.decode(secret).orElseThrow(() -> new IllegalArgumentException("not a Base32 secret"));
        return code(key, step(at), DIGITS);
    }

    /** The number of the 30-second step that {@code t} falls in, counted from 1970. */
    static long step(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), STEP.toSeconds());
    }

    /** The HOTP value (RFC 4226 section 5.3) of {@code key} for counter {@code step}. */
    static String code(byte[] key, long step, int digits) {
        byte[] hash;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            hash = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            // Every Java runtime must provide HmacSHA1; an empty key is refused before we get here.
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
        int offset = hash[hash.length - 1] & 0x0f;
        int binary = ((hash[offset] & 0x7f) << 24)
                | ((hash[offset + 1] & 0xff) << 16)
                | ((hash[offset + 2] & 0xff) << 8)
                | (hash[offset + 3] & 0xff);
        long otp = binary % pow10(digits);
        return String.format("%0" + digits + "d", otp);
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }

    private static boolean isDigits(String s, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') { // not Character.isDigit: that accepts Arabic-Indic and other digits
                return false;
            }
        }
        return true;
    }

    /** Compared in constant time, so response timing says nothing about how many digits were right. */
    private static boolean sameCode(String expected, String typed) {
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), typed.getBytes(StandardCharsets.US_ASCII));
    }
}
