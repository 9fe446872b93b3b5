package io.github.forwarder.spring;

import io.github.forwarder.intake.IntakeGates;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The forwarder in a Camel Spring Boot application, with nothing in the application's code: its beans, routes and
 * Kamelet from the library jar (as the runnable jar has them), its settings from Spring's Environment, its meters on
 * the application's registry, its intake on the application's HTTP server.
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@EnableConfigurationProperties({ForwarderProperties.class, SegmentProperties.class, SentryProperties.class})
public class ForwarderAutoConfiguration {

    @Bean
    CamelContextConfiguration sentrySegmentForwarder(Environment environment, ObjectProvider<MeterRegistry> meters) {
        return new ForwarderInCamel(environment, meters);
    }

    /** The intake's 503 while its route does not run, and 413 for a body over forwarder.intake.maxBodyBytes. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<IntakeAnswers> sentrySegmentForwarderIntakeAnswers(CamelContext camel) {
        FilterRegistrationBean<IntakeAnswers> registration = new FilterRegistrationBean<>(new IntakeAnswers(camel));
        registration.setUrlPatterns(IntakeGates.ALWAYS_ANSWERED_PATHS);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }
}
