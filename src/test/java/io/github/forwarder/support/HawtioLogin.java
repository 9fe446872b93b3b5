package io.github.forwarder.support;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Hawtio's login page as the browser tests fill it in. */
public final class HawtioLogin {

    private HawtioLogin() {
    }

    /** Fills in Hawtio's login form as the console user and submits it; the caller waits for the outcome. */
    public static void logIn(ChromeDriver browser, WebDriverWait wait, String password) {
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
}
