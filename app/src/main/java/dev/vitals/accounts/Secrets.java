package dev.vitals.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random values people hold (tokens, session ids, one-time passwords) and the digests stored in their
 * place. Tokens carry 256 random bits, so one SHA-256 is a safe way to store them: unlike passwords
 * they cannot be guessed from a list.
 */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    // No 0/O or 1/l/I: a one-time password is read from a terminal and typed by a person.
    private static final char[] READABLE = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private Secrets() {}

    /** 32 random bytes, URL-safe Base64 without padding, behind {@code prefix}. */
    public static String token(String prefix) {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String readablePassword(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(READABLE[RANDOM.nextInt(READABLE.length)]);
        }
        return sb.toString();
    }

    public static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares in time that does not depend on where the values differ. */
    public static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
