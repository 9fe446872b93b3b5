package io.github.forwarder.bench.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The run's Markdown report: printed as it grows, written to bench/results/<timestamp>.md at the end. */
public final class Report {

    private final StringBuilder markdown = new StringBuilder();

    public void heading(String heading) {
        add("## " + heading + "\n\n");
    }

    public void text(String text) {
        add(text + "\n\n");
    }

    public void table(Table table) {
        add(table.markdown());
    }

    private void add(String part) {
        markdown.append(part);
        System.out.print(part);
        System.out.flush();
    }

    public void writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
