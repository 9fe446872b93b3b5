package io.github.forwarder.spring;

import static io.github.forwarder.Settings.setting;

import io.github.forwarder.ForwarderApp;
import io.github.forwarder.ForwarderDefaults;
import io.micrometer.core.instrument.MeterRegistry;
import io.github.forwarder.InvalidSettingsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.kamelet.KameletComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.impl.engine.DefaultCamelBeanPostProcessor;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

/**
 * Sets the forwarder up in Camel Spring Boot's context before it starts. The beans come from the configuration
 * classes the runnable jar runs (ForwarderApp.CONFIGURATIONS); what the camel.* lines of the jar's
 * application.properties do under Camel Main is done here, so a host adds no camel.* line.
 */
final class ForwarderInCamel implements CamelContextConfiguration {

    private static final String ROUTES = "classpath:io/github/forwarder/routes/*.camel.yaml";
    private static final String KAMELETS = "classpath:io/github/forwarder/kamelets";

    private final Environment environment;
    private final ObjectProvider<MeterRegistry> meters;

    ForwarderInCamel(Environment environment, ObjectProvider<MeterRegistry> meters) {
        this.environment = environment;
        this.meters = meters;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        // Spring's Environment before the jar's defaults (Camel's initial properties are asked last).
        properties.addPropertiesSource(new SpringSettings(environment));
        inSpringsOrder(properties);
        ForwarderDefaults.addTo(properties);
        // The forwarder's meters where Actuator reads them (/actuator/prometheus).
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        maskWriteKeys(context);
        configureSegmentCalls(context, properties);
        KameletComponent kamelets = context.getComponent("kamelet", KameletComponent.class);
        if (!kamelets.getLocation().contains(KAMELETS)) {
            kamelets.setLocation(kamelets.getLocation() + "," + KAMELETS);
        }

        runConfigurations(context);
        try {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    PluginHelper.getPackageScanResourceResolver(context).findResources(ROUTES));
        } catch (Exception e) {
            throw new IllegalStateException("could not load the forwarder's routes from " + ROUTES, e);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
    }

    /**
     * As Camel Main runs them: each class's {@code @PropertyInject} settings and {@code @BindToRegistry} beans, in
     * the list's order, then each configure(). Spring's own bean post-processor leaves {@code @BindToRegistry} to
     * Spring, so Camel's does it here.
     */
    private static void runConfigurations(CamelContext context) {
        DefaultCamelBeanPostProcessor binder = new DefaultCamelBeanPostProcessor(context);
        List<CamelConfiguration> configurations = new ArrayList<>();
        try {
            for (Class<? extends CamelConfiguration> type : ForwarderApp.CONFIGURATIONS) {
                CamelConfiguration configuration = type.getDeclaredConstructor().newInstance();
                binder.postProcessBeforeInitialization(configuration, type.getName());
                configurations.add(configuration);
            }
            for (CamelConfiguration configuration : configurations) {
                configuration.configure(context);
            }
        } catch (Exception e) {
            InvalidSettingsException invalid = ForwarderApp.invalidSettings(e);
            throw invalid != null ? invalid : new IllegalStateException("could not set the forwarder up", e);
        }
    }

    /**
     * Spring's Environment holds -D and the environment variables too, in Spring's order (a command-line argument
     * first); Camel would ask both before any property source. Unless the application chose otherwise, Camel asks
     * them after, so a setting has the value Spring gives it.
     */
    private void inSpringsOrder(PropertiesComponent properties) {
        if (properties instanceof org.apache.camel.component.properties.PropertiesComponent camel) {
            if (!environment.containsProperty("camel.component.properties.environment-variable-mode")) {
                camel.setEnvironmentVariableMode(
                        org.apache.camel.component.properties.PropertiesComponent.ENVIRONMENT_VARIABLES_MODE_FALLBACK);
            }
            if (!environment.containsProperty("camel.component.properties.system-properties-mode")) {
                camel.setSystemPropertiesMode(
                        org.apache.camel.component.properties.PropertiesComponent.SYSTEM_PROPERTIES_MODE_FALLBACK);
            }
        }
    }

    /** The segment-sink's writeKey parameter is masked wherever Camel shows an endpoint URI, like a password. */
    private static void maskWriteKeys(CamelContext context) {
        ExtendedCamelContext extension = context.getCamelContextExtension();
        String keywords = extension.getAdditionalSensitiveKeywords();
        if (keywords == null || keywords.isBlank()) {
            extension.setAdditionalSensitiveKeywords("writekey");
        } else if (!keywords.toLowerCase(Locale.ROOT).contains("writekey")) {
            extension.setAdditionalSensitiveKeywords(keywords + ",writekey");
        }
    }

    /**
     * The forwarder retries Segment calls itself (throttled, counted, honouring Retry-After), so HttpClient must not,
     * and waits Segment-sized timeouts. These are the http components' settings: they hold for the host's calls too.
     */
    private static void configureSegmentCalls(CamelContext context, PropertiesComponent properties) {
        for (String scheme : List.of("http", "https")) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setAutomaticRetriesDisabled(true);
            http.setConnectTimeout(Long.parseLong(setting(properties, "segment.connectTimeoutMs")));
            http.setResponseTimeout(Long.parseLong(setting(properties, "segment.responseTimeoutMs")));
        }
    }
}
