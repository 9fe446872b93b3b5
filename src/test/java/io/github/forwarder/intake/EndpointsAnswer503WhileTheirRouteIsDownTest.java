package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.ForwarderWithSegment;
import io.github.forwarder.support.SentryEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.camel.spi.RouteController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * While the route behind POST /sentry/events or POST /admin/dead-letters/replay is not running (stopped or
 * suspended, as during start and stop), the request is answered 503 with a JSON error and Retry-After, which
 * Sentry retries, and never Vert.x's 404, which Sentry does not. Once the route runs again it answers as usual.
 */
class EndpointsAnswer503WhileTheirRouteIsDownTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TOKEN = "admin-token-for-tests";
    private static final String INTAKE_ROUTE = "receive-sentry-webhooks";
    private static final String REPLAY_ROUTE = "request-dead-letter-replay";

    @RegisterExtension
    static final ForwarderWithSegment RUNNING = new ForwarderWithSegment().property("forwarder.admin.token", TOKEN);

    @Test
    void theIntakeAnswers503WhileItsRouteIsStoppedAnd202Again() throws Exception {
        RouteController routes = RUNNING.forwarder().context().getRouteController();
        routes.stopRoute(INTAKE_ROUTE);
        try {
            assertIsRetryLater(postEvent(1));
        } finally {
            routes.startRoute(INTAKE_ROUTE);
        }
        assertThat(postEvent(2).statusCode()).isEqualTo(202);
    }

    @Test
    void theIntakeAnswers503WhileItsRouteIsSuspended() throws Exception {
        RouteController routes = RUNNING.forwarder().context().getRouteController();
        routes.suspendRoute(INTAKE_ROUTE);
        try {
            assertIsRetryLater(postEvent(3));
        } finally {
            routes.resumeRoute(INTAKE_ROUTE);
        }
        assertThat(postEvent(4).statusCode()).isEqualTo(202);
    }

    @Test
    void theReplayEndpointAnswers503WhileItsRouteIsStopped() throws Exception {
        RouteController routes = RUNNING.forwarder().context().getRouteController();
        routes.stopRoute(REPLAY_ROUTE);
        try {
            assertIsRetryLater(postReplay());
        } finally {
            routes.startRoute(REPLAY_ROUTE);
        }
        assertThat(postReplay().statusCode()).isEqualTo(202);
    }

    private static void assertIsRetryLater(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
        assertThat(JSON.readTree(answer.body()).path("error").asText()).isNotBlank();
    }

    private static HttpResponse<String> postEvent(int n) throws Exception {
        return send(RUNNING.forwarder().intakeUrl(), SentryEvents.forwardable(n), null);
    }

    private static HttpResponse<String> postReplay() throws Exception {
        return send("http://localhost:" + RUNNING.forwarder().httpPort() + "/admin/dead-letters/replay", new byte[0],
                "Bearer " + TOKEN);
    }

    private static HttpResponse<String> send(String url, byte[] body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
