package io.github.forwarder.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.CapturedLogs;
import io.github.forwarder.support.HawtioLogin;
import io.github.forwarder.support.HeadlessChromium;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.Screenshots;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator logs in to the Hawtio console in a real browser (headless Chromium), opens the JMX view, selects
 * io.github.forwarder → Forwarder and executes pause() on its Operations tab: the MBean reads Paused, the intake
 * still answers 202 and stores, nothing reaches Segment, and the log names the console user. resume() from the same
 * tab delivers what was stored. The Operations tab is saved as target/screenshots/hawtio-forwarder-operation.png.
 */
@Tag("browser")
class OperatorPausesDeliveryFromHawtioTest {

    private static final String PASSWORD = "console-test-" + Long.toHexString(System.nanoTime());
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theOperatorPausesAndResumesDeliveryFromHawtiosJmxView() throws Exception {
        HeadlessChromium.assumeInstalled();
        int consolePort = RunningForwarder.freePort();
        try (SegmentStandIn segment = new SegmentStandIn(); CapturedLogs logs = new CapturedLogs();
                RunningForwarder forwarder = RunningForwarder.with().segment(segment)
                        .property("forwarder.console.port", consolePort)
                        .property("forwarder.console.password", PASSWORD).start();
                HeadlessChromium chromium = HeadlessChromium.start()) {
            forwarder.post(SentryEvents.forwardable(1));
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("spool").isEmpty());

            ChromeDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get("http://localhost:" + consolePort + "/hawtio/");
            HawtioLogin.logIn(browser, wait, PASSWORD);
            wait.until(ExpectedConditions.urlContains("/hawtio/camel"));
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("a.pf-v5-c-nav__link[href$='/hawtio/jmx']"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//li[@id='io.github.forwarder-folder']//button[contains(@class,'pf-v5-c-tree-view__node-toggle')]")))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//li[@id='io.github.forwarder-folder']"
                    + "//button[contains(@class,'pf-v5-c-tree-view__node-text')][normalize-space()='Forwarder']"))).click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("a.pf-v5-c-nav__link[href$='/jmx/operations']"))).click();

            execute(wait, "pause()");
            Screenshots.save(browser, "hawtio-forwarder-operation.png");
            assertThat(pausedAsJolokiaReadsIt(forwarder)).isTrue();
            assertThat(forwarder.post(SentryEvents.forwardable(2)).statusCode()).isEqualTo(202);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> segment.calls().size() == 1);
            assertThat(forwarder.eventIdsInSpool()).containsExactly(SentryEvents.eventId(2));

            execute(wait, "resume()");
            await().atMost(Duration.ofSeconds(20)).until(() -> segment.deliveredMessageIds().size() == 2);
            assertThat(pausedAsJolokiaReadsIt(forwarder)).isFalse();

            assertThat(logs.text())
                    .contains("User 'admin' (console) paused delivery")
                    .contains("User 'admin' (console) resumed delivery")
                    .doesNotContain(PASSWORD);
        }
    }

    /** Expands an operation on the MBean's Operations tab, clicks Execute and waits for Hawtio's answer. */
    private static void execute(WebDriverWait wait, String operation) {
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//ul[@id='jmx-operation-list']/li[@aria-labelledby"
                + "='operation " + operation + "']//button[@aria-label='Details']"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                "//section[@id='operation-execute-" + operation + "']//button[normalize-space()='Execute']"))).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                "//section[@id='operation-result-" + operation + "']//pre[normalize-space()='Operation successful']")));
    }

    /** The MBean's Paused attribute through /observe/jolokia, apart from the console. */
    private static boolean pausedAsJolokiaReadsIt(RunningForwarder forwarder) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String answer = forwarder.management("/observe/jolokia/read/io.github.forwarder:type=Forwarder/Paused",
                "Authorization", auth).body();
        return JSON.readTree(answer).path("value").asBoolean();
    }
}
