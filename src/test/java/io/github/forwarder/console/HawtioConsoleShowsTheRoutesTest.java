package io.github.forwarder.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.support.HeadlessChromium;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SentryFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
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
            "forward-sentry-event", "deliver-to-segment", "post-to-segment", "write-dead-letter");

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
            logIn(browser, wait, "not-the-password");
            wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//*[normalize-space()='Invalid login credentials']")));
            logIn(browser, wait, PASSWORD);
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
            Files.write(screenshot("hawtio-routes.png"), browser.getScreenshotAs(OutputType.BYTES));

            wait.until(ExpectedConditions.elementToBeClickable(By.xpath(
                    "//button[contains(@class,'pf-v5-c-tree-view__node-text')][normalize-space()='post-to-segment']")))
                    .click();
            wait.until(ExpectedConditions.elementToBeClickable(
                    By.cssSelector("a.pf-v5-c-nav__link[href$='/camel/routeDiagram']"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath(
                    "//*[contains(@class,'react-flow__node')][contains(normalize-space(),'Process')]")));
            Files.write(screenshot("hawtio-route-diagram.png"), browser.getScreenshotAs(OutputType.BYTES));
        }
    }

    private static void logIn(ChromeDriver browser, WebDriverWait wait, String password) {
        WebElement user = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("pf-login-username-id")));
        WebElement secret = browser.findElement(By.id("pf-login-password-id"));
        type(wait, user, "admin");
        type(wait, secret, password);
        browser.findElement(By.cssSelector("form button[type='submit']")).click();
    }

    /**
     * Replaces a field's text as a person would (select all, delete, type). WebElement.clear() does not tell React,
     * so after a failed login the next password could be typed onto the old one.
     */
    private static void type(WebDriverWait wait, WebElement field, String text) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
        wait.until(ExpectedConditions.attributeToBe(field, "value", text));
    }

    /** Screenshots go under target/, never over the tracked copies in docs/. */
    private static Path screenshot(String name) throws java.io.IOException {
        return Files.createDirectories(Path.of("target/screenshots")).resolve(name);
    }
}
