package io.github.forwarder.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may post to the intake: sentry.* (the forwarder's application.properties documents each).
 *
 * @param webhookSecret signing secrets, comma separated (Sentry-Hook-Signature, X-ServiceHook-Signature); when set,
 *        an unsigned request without the token gets 401. SECRET: set SENTRY_WEBHOOKSECRET in the environment
 * @param webhookToken token for senders that cannot sign (?token= or Authorization: Bearer). SECRET: set
 *        SENTRY_WEBHOOKTOKEN in the environment
 */
@ConfigurationProperties("sentry")
public record SentryProperties(String webhookSecret, String webhookToken) {
}
