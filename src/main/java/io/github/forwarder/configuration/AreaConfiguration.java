package io.github.forwarder.configuration;

import io.github.forwarder.ForwarderDefaults;
import io.github.forwarder.InvalidSettingsException;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.PropertyInject;

/**
 * A configuration class of one area of the forwarder: its {@code @BindToRegistry} methods bind the beans the routes
 * call by name, its {@code @PropertyInject} fields read the settings. Camel hands it the context before it injects
 * them, and that is when the jar's defaults (ForwarderDefaults) are added: so a setting left out of a host's own
 * properties still has its one default, from application.properties. A setting that is not of its field's type
 * stops the start then, naming its key (Camel's own conversion error would not).
 */
public abstract class AreaConfiguration implements CamelConfiguration, CamelContextAware {

    private CamelContext context;

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
        ForwarderDefaults.addTo(context.getPropertiesComponent());
        refuseUnreadableSettings(context);
    }

    private void refuseUnreadableSettings(CamelContext context) {
        List<String> problems = new ArrayList<>();
        for (Field field : getClass().getDeclaredFields()) {
            PropertyInject setting = field.getAnnotation(PropertyInject.class);
            if (setting == null || field.getType() == String.class) {
                continue;
            }
            String value = context.getPropertiesComponent().resolveProperty(setting.value())
                    .orElse(setting.defaultValue());
            try {
                context.getTypeConverter().mandatoryConvertTo(field.getType(), value.strip());
            } catch (Exception e) {
                problems.add(setting.value() + " is \"" + value + "\", not "
                        + (field.getType() == boolean.class ? "true or false" : "a whole number"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException("Refusing to start: " + String.join("; ", problems));
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
