package io.github.forwarder.spring;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * The forwarder brings the Artemis client for its jms: sources (forwarder.jms.*, its own connection), and Spring
 * Boot would take the client's presence for a wish: a connection factory to localhost:61616 whose health check is
 * DOWN. So Spring Boot's Artemis auto-configuration runs only for an application that sets spring.artemis.*.
 */
public final class ArtemisOnlyWhenConfigured implements AutoConfigurationImportFilter, EnvironmentAware {

    static final String ARTEMIS = "org.springframework.boot.autoconfigure.jms.artemis.ArtemisAutoConfiguration";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean asked = Binder.get(environment).bind("spring.artemis", Bindable.mapOf(String.class, Object.class))
                .isBound();
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < matches.length; i++) {
            matches[i] = asked || !ARTEMIS.equals(autoConfigurationClasses[i]);
        }
        return matches;
    }
}
