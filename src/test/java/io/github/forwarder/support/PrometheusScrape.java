package io.github.forwarder.support;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** One scrape of /observe/metrics in Prometheus text, read as an operator's query would: a sample by name and labels. */
public final class PrometheusScrape {

    private final Map<String, Double> samples = new HashMap<>();
    private final String text;

    public PrometheusScrape(String text) {
        this.text = text;
        text.lines().filter(line -> !line.startsWith("#") && !line.isBlank()).forEach(line -> {
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        });
    }

    /** The sample with exactly these labels (name, value pairs), or null when the scrape has none. */
    public Double sample(String name, String... labels) {
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        StringBuilder key = new StringBuilder(name);
        if (!sorted.isEmpty()) {
            key.append('{');
            sorted.forEach((label, value) -> key.append(label).append("=\"").append(value).append("\","));
            key.setCharAt(key.length() - 1, '}');
        }
        return samples.get(key.toString());
    }

    /** A counter's value, 0 when it has not been created yet (a labelled counter appears on first use). */
    public double count(String name, String... labels) {
        Double value = sample(name, labels);
        return value == null ? 0 : value;
    }

    public String text() {
        return text;
    }
}
