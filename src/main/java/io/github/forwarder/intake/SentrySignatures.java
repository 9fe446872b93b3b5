package io.github.forwarder.intake;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Message;

/**
 * Decides whether a request may reach the intake when {@code sentry.webhookSecret} or {@code sentry.webhookToken}
 * is set. Integration-platform webhooks ({@code Sentry-Hook-Signature}) and service hooks
 * ({@code X-ServiceHook-Signature}) are signed with HMAC-SHA256 of the exact body bytes, in hex. The legacy
 * WebHooks plugin cannot sign, so it proves itself with the token in its URL ({@code ?token=}) or, for other
 * senders, in {@code Authorization: Bearer}. Every comparison takes the same time whatever the bytes.
 */
public final class SentrySignatures {

    private static final String HMAC = "HmacSHA256";
    private static final List<String> SIGNATURE_HEADERS = List.of("Sentry-Hook-Signature", "X-ServiceHook-Signature");
    private static final String BEARER = "Bearer ";

    private final List<SecretKeySpec> secrets;
    private final byte[] tokenDigest;

    /**
     * @param secrets comma list of signing secrets (an integration's client secret, a service hook's secret);
     *                empty when requests are not signed
     * @param token   the token unsigned senders must present; empty when none is accepted
     */
    public SentrySignatures(String secrets, String token) {
        this.secrets = Arrays.stream(secrets == null ? new String[0] : secrets.split(","))
                .map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), HMAC)).toList();
        this.tokenDigest = token == null || token.isBlank() ? null : sha256(token.trim());
    }

    /** Why the request is refused (answered 401), or null when it may come in. Never echoes what was sent. */
    public String refusal(Message request, byte[] body) {
        if (secrets.isEmpty() && tokenDigest == null) {
            return null;
        }
        String signature = SIGNATURE_HEADERS.stream().map(name -> request.getHeader(name, String.class))
                .filter(value -> value != null && !value.isBlank()).findFirst().orElse(null);
        if (signature != null && !secrets.isEmpty()) {
            return signedBy(signature, body) ? null
                    : "the signature does not match the body; check sentry.webhookSecret";
        }
        String token = presentedToken(request);
        if (token != null && tokenDigest != null) {
            return MessageDigest.isEqual(sha256(token), tokenDigest) ? null : "the token does not match";
        }
        return secrets.isEmpty() ? "no token; send it as ?token= in the URL or as Authorization: Bearer"
                : "no Sentry-Hook-Signature or X-ServiceHook-Signature header"
                        + (tokenDigest == null ? "" : " and no token");
    }

    /** Sentry's signature is lower-case hex; parsing it first compares the MACs themselves, in constant time. */
    private boolean signedBy(String signature, byte[] body) {
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(signature.trim());
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        boolean matches = false;
        for (SecretKeySpec secret : secrets) {
            matches |= MessageDigest.isEqual(hmac(secret, body), presented);
        }
        return matches;
    }

    /** The query parameter {@code token} arrives as a header of that name; Bearer is for senders that set headers. */
    private static String presentedToken(Message request) {
        String token = request.getHeader("token", String.class);
        if (token == null) {
            String authorization = request.getHeader("Authorization", String.class);
            if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                token = authorization.substring(BEARER.length());
            }
        }
        return token == null || token.isBlank() ? null : token.trim();
    }

    private static byte[] hmac(SecretKeySpec secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(secret);
            return mac.doFinal(body == null ? new byte[0] : body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Comparing digests of equal length keeps the token's length from showing in the timing too. */
    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
