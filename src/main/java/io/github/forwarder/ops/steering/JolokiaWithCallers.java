package io.github.forwarder.ops.steering;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.plugin.DefaultJolokiaPlatformHttpPlugin;
import org.apache.camel.component.platform.http.plugin.JolokiaPlatformHttpPlugin;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's Jolokia for /observe/jolokia, telling the forwarder's controls who calls them: each request runs as the
 * user its credentials named (the management server checked them first), so a change is logged with who made it.
 * Camel's management server takes the plugin bound under the name {@value #NAME} before its own.
 */
public final class JolokiaWithCallers extends ServiceSupport implements JolokiaPlatformHttpPlugin {

    private CamelContext context;
    private DefaultJolokiaPlatformHttpPlugin jolokia;

    @Override
    public String getId() {
        return NAME;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object getHandler() {
        Handler<RoutingContext> requests = (Handler<RoutingContext>) jolokia.getHandler();
        return (Handler<RoutingContext>) request -> Callers.asJolokiaUser(
                request.user() == null ? null : request.user().subject(), () -> requests.handle(request));
    }

    @Override
    protected void doStart() {
        // made here, not earlier: Jolokia reads its policy location when it is made
        jolokia = new DefaultJolokiaPlatformHttpPlugin();
        jolokia.setCamelContext(context);
        jolokia.start();
    }

    @Override
    protected void doStop() {
        if (jolokia != null) {
            jolokia.stop();
        }
    }
}
