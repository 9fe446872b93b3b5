package io.github.forwarder.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.junit.jupiter.api.Test;

/**
 * An application the forwarder is embedded in keeps its own HTTP calls as it configured them: the forwarder installs
 * nothing on the http component, and its rate applies to its own Segment calls only, even to a host's call that
 * looks like one (a Segment path with credentials).
 */
class HostHttpCallsKeepTheirSettingsTest {

    /** The host's own configurer of the http component: it marks each request it sends. */
    public static final class HostConfigurer implements HttpClientConfigurer {
        @Override
        public void configureHttpClient(HttpClientBuilder builder) {
            builder.addRequestInterceptorFirst((request, entity, context) -> request.setHeader("X-Host", "configured"));
        }
    }

    /** The host's http component, set up before the forwarder's configuration runs. */
    private static HttpComponent hostHttpComponent() {
        HttpComponent http = new HttpComponent();
        http.setHttpClientConfigurer(new HostConfigurer());
        return http;
    }

    @Test
    void theHostsConfigurerStaysAndItsCallsAreNotPaced() throws Exception {
        int calls = 5;
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder host = RunningForwarder.with().segment(segment)
                     .bind("http", hostHttpComponent())
                     .property("forwarder.throttle.rate", 1).start()) {
            host.context().addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:host-call").setHeader("Authorization", constant("Basic aG9zdDo="))
                            .setHeader("CamelHttpMethod", constant("POST"))
                            .to(segment.baseUrl() + "/v1/track");
                }
            });
            assertThat(host.context().getComponent("http", HttpComponent.class).getHttpClientConfigurer())
                    .isInstanceOf(HostConfigurer.class);

            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                host.context().createProducerTemplate().requestBody("direct:host-call",
                        "{\"userId\":\"host\",\"event\":\"Host Call\",\"messageId\":\"host-" + i + "\"}");
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(elapsedMs).as("ms for %d of the host's calls, the forwarder's rate being 1/s", calls)
                    .isLessThan(1_000);
            assertThat(segment.received()).hasSize(calls)
                    .allSatisfy(request -> assertThat(request.header("X-Host")).isEqualTo("configured"));
        }
    }
}
