package org.qsfs.zdb.commands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** AUTH password, AUTH SECURE CHALLENGE and AUTH SECURE sha1(nonce:password). */
final class AuthCommands {
    /** Length of a SHA-1 digest as lowercase hex. */
    static final int SHA1_HEX_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AuthCommands() {
    }

    static void auth(CommandContext ctx) {
        if (ctx.argc() == 2) {
            regular(ctx);
        } else if (ctx.argc() == 3) {
            secure(ctx);
        } else {
            ctx.out().error("Unexpected arguments");
        }
    }

    private static void regular(CommandContext ctx) {
        String admin = ctx.server().config().adminPassword();
        if (admin == null) {
            ctx.out().error("Authentication disabled");
            return;
        }
        if (!ctx.validate(2)) {
            return;
        }
        if (ctx.arg(1).length > 128) {
            ctx.out().error("Password too long");
            return;
        }
        if (admin.equals(ctx.argString(1))) {
            ctx.client().admin = true;
            ctx.out().status("OK");
        } else {
            ctx.out().error("Access denied");
        }
    }

    private static void secure(CommandContext ctx) {
        if (!ctx.validate(3)) {
            return;
        }
        if (!asciiPrefixIgnoreCase(ctx.arg(1), "SECURE")) {
            ctx.out().error("Only SECURE extra method supported");
            return;
        }
        if (asciiPrefixIgnoreCase(ctx.arg(2), "CHALLENGE")) {
            ctx.client().nonce = newNonce();
            ctx.out().status(ctx.client().nonce);
            return;
        }
        String admin = ctx.server().config().adminPassword();
        if (admin == null) {
            ctx.out().error("Authentication disabled");
            return;
        }
        String nonce = ctx.client().nonce;
        if (nonce == null) {
            ctx.out().error("No CHALLENGE requested, secure authentication not available");
            return;
        }
        if (ctx.arg(2).length != SHA1_HEX_LENGTH) {
            ctx.out().error("Invalid hash length");
            return;
        }
        if (hashPassword(nonce, admin).equals(ctx.argString(2))) {
            ctx.client().admin = true;
            ctx.out().status("OK");
        } else {
            ctx.out().error("Access denied");
        }
        ctx.client().nonce = null; // a nonce answers one attempt only
    }

    /** Like upstream's strncasecmp(arg, word, arglen) == 0: arg is a prefix of word. */
    static boolean asciiPrefixIgnoreCase(byte[] arg, String word) {
        if (arg.length > word.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            if (Character.toUpperCase((char) (arg[i] & 0xff)) != Character.toUpperCase(word.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** 8 random bytes as 16 hex characters, as upstream's zdb_challenge. */
    static String newNonce() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** hex(sha1(nonce ":" password)), as upstream's zdb_hash_password. */
    static String hashPassword(String nonce, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((nonce + ":" + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
