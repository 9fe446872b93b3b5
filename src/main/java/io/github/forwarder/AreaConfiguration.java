package io.github.forwarder;

import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * A configuration class of one area of the forwarder: its {@code @BindToRegistry} methods bind the beans the routes
 * call by name, its {@code @PropertyInject} fields read the settings. Camel hands it the context before it injects
 * them, and that is when the jar's defaults (ForwarderDefaults) are added: so a setting left out of a host's own
 * properties still has its one default, from application.properties.
 */
public abstract class AreaConfiguration implements CamelConfiguration, CamelContextAware {

    private CamelContext context;

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
        ForwarderDefaults.addTo(context.getPropertiesComponent());
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
