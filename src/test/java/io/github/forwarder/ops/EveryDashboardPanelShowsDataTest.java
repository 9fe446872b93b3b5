package io.github.forwarder.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.PrometheusServer;
import io.github.forwarder.support.KnownOutcomes;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard in ops/grafana shows data: a real Prometheus scrapes a running forwarder that forwarded
 * (after a retry), filtered and dead-lettered events, and every query of every panel, and every variable, returns
 * data. Grafana's own variables are replaced the way Grafana would expand them.
 */
class EveryDashboardPanelShowsDataTest {

    private static final Path DASHBOARD = Path.of("ops/grafana/sentry-segment-forwarder.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Grafana's interval variables: one minute holds the events and the 0 samples scraped before them. */
    private static final Pattern INTERVAL = Pattern.compile("\\$(__rate_interval|__interval|__range)\\b");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

    record Query(String panel, String expr) {
    }

    @Test
    void theDashboardImportsAsGrafanaExpects() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());

        JsonNode input = dashboard.path("__inputs").path(0);
        assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.path("type").asText()).isEqualTo("datasource");
        assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("uid").asText()).isEqualTo("sentry-segment-forwarder");
        assertThat(dashboard.path("title").asText()).isNotBlank();
        List<Integer> ids = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            ids.add(panel.path("id").asInt());
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
        }
        assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
    }

    @Test
    void everyPanelShowsDataFromARealScrape() throws IOException {
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        List<Query> queries = queries(dashboard);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(10);
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).fastRetries(3)
                     .property("forwarder.console.enabled", false).start();
             PrometheusServer prometheus = PrometheusServer.scraping(forwarder.managementPort())) {
            // A scrape before the events, so that every rate() window sees them arrive.
            await().atMost(Duration.ofSeconds(60)).until(() -> !prometheus.query("up == 1", null).isEmpty());

            KnownOutcomes.forwardedFilteredAndDeadLettered(forwarder, segment);

            // Every panel is queried at the moment Prometheus first held all of it.
            AtomicReference<Double> scraped = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                List<JsonNode> done = prometheus.query("sum(forwarder_events_dead_lettered_total) == 1"
                        + " and on() sum(forwarder_events_filtered_total) == 1"
                        + " and on() sum(forwarder_events_forwarded_total) == 1 and on() forwarder_dead_letters == 1",
                        null);
                done.forEach(sample -> scraped.set(sample.path("value").path(0).asDouble()));
                return !done.isEmpty();
            });

            SoftAssertions panels = new SoftAssertions();
            for (Query query : queries) {
                List<JsonNode> result = prometheus.query(query.expr(), scraped.get());
                panels.assertThat(result.stream().map(sample -> sample.path("value").path(1).asText()))
                        .as("panel \"%s\": %s returned %s", query.panel(), query.expr(), result)
                        .isNotEmpty().anyMatch(EveryDashboardPanelShowsDataTest::isNumber);
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                Matcher labelValues = LABEL_VALUES.matcher(variable.path("definition").asText());
                panels.assertThat(labelValues.matches()).as("variable %s is a label_values() query",
                        variable.path("name").asText()).isTrue();
                if (labelValues.matches()) {
                    panels.assertThat(prometheus.labelValues(labelValues.group(2), expand(labelValues.group(1), dashboard)))
                            .as("values of variable %s", variable.path("name").asText()).isNotEmpty();
                }
            }
            panels.assertAll();
        }
    }

    @Test
    void theForwardersOwnMetricsPassPromtoolsLint() throws Exception {
        Path promtool = PrometheusServer.binary("promtool");
        try (RunningForwarder forwarder = RunningForwarder.with().property("forwarder.console.enabled", false).start()) {
            String ours = forwarder.management("/observe/metrics").body().lines()
                    .filter(line -> line.matches("(# (HELP|TYPE) )?forwarder_.*")).reduce("", (a, b) -> a + b + "\n");
            assertThat(ours).contains("forwarder_ready ");

            Process lint = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
            lint.getOutputStream().write(ours.getBytes(StandardCharsets.UTF_8));
            lint.getOutputStream().close();
            assertThat(lint.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String problems = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(lint.exitValue()).as(problems).isZero();
        }
    }

    /** Every target of every panel, with Grafana's variables expanded. */
    private static List<Query> queries(JsonNode dashboard) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(new Query(panel.path("title").asText(), expand(target.path("expr").asText(), dashboard)));
            }
        }
        return queries;
    }

    /** Intervals become one minute and the dashboard's variables "All" (their allValue, .*), as Grafana sends them. */
    private static String expand(String expr, JsonNode dashboard) {
        String expanded = INTERVAL.matcher(expr).replaceAll("1m");
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String name = variable.path("name").asText();
            String all = variable.path("allValue").asText();
            expanded = expanded.replace("${" + name + "}", all).replaceAll("\\$" + name + "\\b", Matcher.quoteReplacement(all));
        }
        assertThat(expanded).as("no Grafana variable is left in %s", expr).doesNotContain("$");
        return expanded;
    }

    private static boolean isNumber(String value) {
        return !value.equals("NaN") && !value.contains("Inf");
    }
}
