package io.github.forwarder.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The forwarder's settings: forwarder.* (the forwarder's application.properties documents each with its default).
 * Bound so that Spring checks their types at start and an IDE completes them; the forwarder reads them through
 * Camel. Per-project settings (forwarder.projects.&lt;slug-or-id&gt;.writeKey, .baseUrl, .enabled) are spelled so.
 *
 * @param dataDir folder of the spool, dead letters, dedupe store and dry-run output (default data)
 * @param source the endpoint the forwarder consumes (default: the HTTP intake's spool folder)
 * @param spool the intake's spool
 * @param jms the broker of jms: sources
 * @param redis Redis shared by several forwarders
 * @param intake the HTTP intake
 * @param projects comma list of Sentry projects set in the environment alone
 * @param filter which events are forwarded
 * @param throttle the Segment rate
 * @param batch events passing the forwarding routes together
 * @param concurrency files of a folder source forwarded at once, consumers of a jms: source (default 16)
 * @param redelivery retries of transient Segment failures
 * @param dedupe delivered event ids remembered
 * @param identify identify calls
 * @param admin the dead-letter replay endpoint
 * @param health readiness
 * @param console the Hawtio console (runnable jar only) and the operator account
 */
@ConfigurationProperties("forwarder")
public record ForwarderProperties(String dataDir, String source, Spool spool, Jms jms, Redis redis, Intake intake,
        String projects, Filter filter, Throttle throttle, Batch batch, Integer concurrency, Redelivery redelivery,
        Dedupe dedupe, Identify identify, Admin admin, Health health, Console console) {

    /** @param sync sync each spool file and its rename to disk before the 202 (default false) */
    public record Spool(Boolean sync) {
    }

    /**
     * @param brokerUrl ActiveMQ Artemis broker URL for jms: sources, e.g. tcp://broker:61616 (default none)
     * @param username broker user
     * @param password broker password. SECRET: set FORWARDER_JMS_PASSWORD in the environment
     */
    public record Jms(String brokerUrl, String username, String password) {
    }

    /**
     * @param url redis://host:6379 shared by several forwarders: one rate per write key and the delivered ids
     *        (default none)
     * @param password Redis password. SECRET: set FORWARDER_REDIS_PASSWORD in the environment
     * @param timeoutMs longest wait for one Redis command, in ms (default 2000)
     * @param heartbeatMs how often this forwarder's heartbeat, which its claims refer to, is written, in ms
     *        (default 2000)
     * @param heartbeatExpiryMs a forwarder whose heartbeat is older counts as dead and its claims are free, in ms
     *        (default 10000)
     */
    public record Redis(String url, String password, Long timeoutMs, Long heartbeatMs, Long heartbeatExpiryMs) {
    }

    /** @param maxBodyBytes largest request body the intake takes; a larger one gets 413 (default 1048576) */
    public record Intake(Long maxBodyBytes) {
    }

    /**
     * @param includeExceptionTypes comma list; when set, only these exception types are forwarded
     * @param excludeExceptionTypes comma list of exception types never forwarded
     */
    public record Filter(String includeExceptionTypes, String excludeExceptionTypes) {
    }

    /** @param rate most Segment requests per write key in any 1-second window (default 200) */
    public record Throttle(Integer rate) {
    }

    /** @param events events read, filtered and shaped together (default 500) */
    public record Batch(Integer events) {
    }

    /**
     * @param maximumRedeliveries how many retries; -1 until Segment takes the event (default -1)
     * @param initialDelayMs the first wait, in ms (default 500)
     * @param backOffMultiplier the factor each wait grows by (default 2)
     * @param maximumDelayMs the longest wait, in ms (default 60000)
     * @param maximumRetryAfterMs cap of a Retry-After answer's wait, in ms (default 300000)
     */
    public record Redelivery(Integer maximumRedeliveries, Long initialDelayMs, Double backOffMultiplier,
            Long maximumDelayMs, Long maximumRetryAfterMs) {
    }

    /**
     * @param size how many delivered event ids are remembered in forwarder.data-dir/dedupe/ (default 200000)
     * @param ttlMs with forwarder.redis.url: how long a delivered id is remembered there, in ms (default 604800000)
     */
    public record Dedupe(Integer size, Long ttlMs) {
    }

    /** @param enabled send an identify call the first time a user id is seen (default false) */
    public record Identify(Boolean enabled) {
    }

    /** @param token bearer token of POST /admin/dead-letters/replay; unset turns it off. SECRET */
    public record Admin(String token) {
    }

    /**
     * @param segmentFailingForMs readiness is DOWN while Segment has failed this long, in ms (default 60000)
     * @param deadLetterWindowMs readiness is DOWN this long after a dead letter, in ms (default 300000)
     */
    public record Health(Long segmentFailingForMs, Long deadLetterWindowMs) {
    }

    /**
     * @param enabled the Hawtio console; it comes with the runnable jar only, so set false here (default true)
     * @param host address the console listens on (default 0.0.0.0)
     * @param port port of the console (default 8181)
     * @param user the operator account (default admin)
     * @param password its password. SECRET: set FORWARDER_CONSOLE_PASSWORD in the environment
     */
    public record Console(Boolean enabled, String host, Integer port, String user, String password) {
    }
}
