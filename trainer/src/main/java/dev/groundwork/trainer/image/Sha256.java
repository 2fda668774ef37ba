package dev.groundwork.trainer.image;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests as the workbench names images: 64 lower-case hex digits. */
final class Sha256 {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {}

    static boolean isDigest(String s) {
        return HEX.matcher(s).matches();
    }

    /** @throws IllegalArgumentException unless {@code s} is 64 lower-case hex digits */
    static String require(String s) {
        if (!isDigest(s)) {
            throw new IllegalArgumentException("not a SHA-256 in lower-case hex: '" + s + "'");
        }
        return s;
    }

    static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** The first eight digits and an ellipsis, as messages name an image. */
    static String abbreviate(String digest) {
        return digest.length() <= 8 ? digest : digest.substring(0, 8) + "…";
    }
}
