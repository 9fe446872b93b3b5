package io.github.forwarder.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.support.HawtioLogin;
import io.github.forwarder.support.HeadlessChromium;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.Screenshots;
import io.github.forwarder.support.SentryFixtures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An operator opens the Hawtio console in a real browser (headless Chromium), is refused with a wrong password,
 * logs in, opens the Camel routes and sees the forwarder's routes with their statistics, then a route's diagram.
 * The pages are saved under target/screenshots/ (README "Tests" says how they refresh docs/).
 */
@Tag("browser")
class HawtioConsoleShowsTheRoutesTest {

    private static final String PASSWORD = "console-test-" + Long.toHexString(System.nanoTime());
    private static final List<String> ROUTE_IDS = List.of("receive-sentry-webhooks", "forward-sentry-events",
            "forward-sentry-chunk", "deliver-call-alone", "deliver-to-segment", "post-to-segment", "write-dead-letter");

    @Test
    void anOperatorLogsInAndSeesTheForwardersRoutes() throws Exception {
        HeadlessChromium.assumeInstalled();
        int consolePort = RunningForwarder.freePort();
        try (RunningForwarder forwarder = RunningForwarder.with().property("forwarder.console.port", consolePort)
                .property("forwarder.console.password", PASSWORD).start();
             HeadlessChromium chromium = HeadlessChromium.start()) {
            forwarder.post(SentryFixtures.bytes("sdk-event-modern.json"));
            ChromeDriver browser = chromium.driver();
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));

            browser.get("http://localhost:" + consolePort + "/hawtio/");
            HawtioLogin.logIn(browser, wait, "not-the-password");
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//*[normalize-space()='Invalid login credentials']")));
            HawtioLogin.logIn(browser, wait, PASSWORD);
            wait.until(ExpectedConditions.urlContains("/hawtio/camel"));

            wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//button[contains(@class,'pf-v5-c-tree-view__node-text')][normalize-space()='routes']"))).click();
            wait.until(ExpectedConditions.urlContains("/hawtio/camel/routes"));
            for (String routeId : ROUTE_IDS) {
                WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(
                        By.xpath("//table//td[normalize-space()='" + routeId + "']")));
                assertThat(row.getText().trim()).isEqualTo(routeId);
            }
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                    "//table//tr[td[normalize-space()='deliver-to-segment']]/td[normalize-space()='1']")));
            Screenshots.save(browser, "hawtio-routes.png");

            wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//button[contains(@class,'pf-v5-c-tree-view__node-text')][normalize-space()='post-to-segment']")))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("a.pf-v5-c-nav__link[href$='/camel/routeDiagram']"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                    "//*[contains(@class,'react-flow__node')][contains(normalize-space(),'Process')]")));
            Screenshots.save(browser, "hawtio-route-diagram.png");
        }
    }
}
