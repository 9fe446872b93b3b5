package io.github.forwarder.ops.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * The one operator account of the console and of /observe/jolokia. Only a salted SHA-256 digest of the password is
 * kept, so nothing that prints this object or the JAAS options can leak it. Without a password nobody logs in.
 */
public final class ConsoleCredentials {

    static final String USER = "user";
    static final String SALT = "salt";
    static final String DIGEST = "digest";

    private final String user;
    private final byte[] salt;
    private final byte[] digest;

    private ConsoleCredentials(String user, byte[] salt, byte[] digest) {
        this.user = user;
        this.salt = salt;
        this.digest = digest;
    }

    public static ConsoleCredentials of(String user, String password) {
        if (password == null || password.isEmpty()) {
            return new ConsoleCredentials(user, new byte[0], new byte[0]);
        }
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new ConsoleCredentials(user, salt, digest(salt, password.toCharArray()));
    }

    /** Back from {@link #asOptions()}, as the JAAS login module receives them. */
    static ConsoleCredentials fromOptions(Map<String, ?> options) {
        Base64.Decoder base64 = Base64.getDecoder();
        return new ConsoleCredentials((String) options.get(USER), base64.decode((String) options.get(SALT)),
                base64.decode((String) options.get(DIGEST)));
    }

    Map<String, String> asOptions() {
        Base64.Encoder base64 = Base64.getEncoder();
        return Map.of(USER, user, SALT, base64.encodeToString(salt), DIGEST, base64.encodeToString(digest));
    }

    public boolean isSet() {
        return digest.length > 0;
    }

    public String user() {
        return user;
    }

    public boolean matches(String givenUser, char[] givenPassword) {
        if (!isSet() || givenUser == null || givenPassword == null) {
            return false;
        }
        boolean userMatches = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                givenUser.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(digest, digest(salt, givenPassword)) && userMatches;
    }

    private static byte[] digest(byte[] salt, char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = Arrays.copyOfRange(encoded.array(), encoded.position(), encoded.limit());
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(encoded.array(), (byte) 0);
        }
    }

    @Override
    public String toString() {
        return "ConsoleCredentials[user=" + user + (isSet() ? "" : ", no password") + "]";
    }
}
