package io.github.forwarder.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Every log line of this JVM while open, as written: message and stack trace, from every logger (Camel, the
 * routes, Vert.x, Artemis, HttpClient and the forwarder). The levels an operator can raise (the root, Camel's
 * and the forwarder's) are at DEBUG meanwhile, so the most talkative lines are seen too; loggers that
 * log4j2.properties pins keep their level.
 */
public final class CapturedLogs implements AutoCloseable {

    private static final List<String> RAISED = List.of("io.github.forwarder", "org.apache.camel");

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Map<LoggerConfig, Level> levelsBefore = new LinkedHashMap<>();
    private final AbstractAppender appender;

    public CapturedLogs() {
        Configuration configuration = context.getConfiguration();
        PatternLayout layout = PatternLayout.newBuilder().withConfiguration(configuration)
                .withPattern("%-5level [%t] %c - %msg%n%throwable").build();
        appender = new AbstractAppender("captured-" + UUID.randomUUID(), null, layout, false, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(layout.toSerializable(event));
            }
        };
        appender.start();
        configuration.getRootLogger().addAppender(appender, Level.ALL, null);
        raise(configuration.getRootLogger());
        RAISED.forEach(name -> raise(configuration.getLoggerConfig(name)));
        context.updateLoggers();
    }

    public String text() {
        return String.join("", lines);
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        levelsBefore.forEach(LoggerConfig::setLevel);
        context.updateLoggers();
        appender.stop();
    }

    private void raise(LoggerConfig logger) {
        levelsBefore.putIfAbsent(logger, logger.getLevel());
        logger.setLevel(Level.DEBUG);
    }
}
