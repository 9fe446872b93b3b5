package io.github.forwarder.projects;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.support.CapturedLogs;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The start-up summary line names every configured project, wherever its settings came from (here a properties
 * key and a -D system property), with its on/off state, its masked write key and where it sends; a key itself
 * never appears.
 */
class StartUpSummaryNamesEachProjectTest {

    private static final String ALPHA_KEY = "alpha-wk-0a1b2c3d4e5f9876";
    private static final String STOREFRONT_KEY = "storefront-wk-11112222333344445555";
    private static final String EU = "https://events.eu1.segmentapis.com";

    @Test
    void theSummaryListsProjectsWithMaskedKeys() {
        System.setProperty("forwarder.projects.alpha.writeKey", ALPHA_KEY);
        try (CapturedLogs logs = new CapturedLogs();
             SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                     .property("forwarder.projects.storefront.writeKey", STOREFRONT_KEY)
                     .property("forwarder.projects.storefront.baseUrl", EU)
                     .property("forwarder.projects.gamma.enabled", false).start()) {
            String summary = Arrays.stream(logs.text().split("\n"))
                    .filter(line -> line.contains("Forwarding Sentry events from")).findFirst().orElseThrow();

            assertThat(summary).contains("projects: "
                    + "alpha (on, write key ****9876, " + segment.baseUrl() + "), "
                    + "gamma (off, default write key ****4a60, " + segment.baseUrl() + "), "
                    + "storefront (on, write key ****5555, " + EU + ")");
            assertThat(logs.text()).doesNotContain(ALPHA_KEY).doesNotContain(STOREFRONT_KEY)
                    .doesNotContain(SegmentStandIn.WRITE_KEY);
        } finally {
            System.clearProperty("forwarder.projects.alpha.writeKey");
        }
    }
}
