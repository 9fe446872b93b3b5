package io.github.forwarder.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/** What a browser test's operator saw, saved under target/screenshots/: never over the tracked copies in docs/. */
public final class Screenshots {

    private Screenshots() {
    }

    public static Path save(ChromeDriver browser, String name) throws IOException {
        Path file = Files.createDirectories(Path.of("target/screenshots")).resolve(name);
        return Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    }
}
