package io.github.forwarder.segment;

import io.github.forwarder.Secrets;
import io.github.forwarder.sentry.SentryProject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where each Segment call goes. A Sentry project may have its own write key, region (base URL) or be switched
 * off ({@code forwarder.projects.<slug-or-id>.*}); a sink call may carry its own write key; everything else
 * uses segment.writeKey and segment.baseUrl. The rate holds per write key and region, so one noisy source does not
 * hold back the others.
 */
public final class SegmentDestinations {

    /** One project's settings; null fields fall back to the defaults. */
    public record ProjectSettings(String writeKey, String baseUrl, boolean enabled) {
    }

    private final String defaultWriteKey;
    private final String defaultBaseUrl;
    private final Map<String, ProjectSettings> projects;

    public SegmentDestinations(String defaultWriteKey, String defaultBaseUrl, Map<String, ProjectSettings> projects) {
        this.defaultWriteKey = blankToNull(defaultWriteKey);
        this.defaultBaseUrl = defaultBaseUrl;
        this.projects = Map.copyOf(projects);
    }

    /**
     * For the start-up summary: each project with its state, masked write key and where it sends, e.g.
     * {@code alpha (on, write key ****cdef, https://api.segment.io), gamma (off, default write key ****, ...)}.
     */
    public String describeProjects() {
        if (projects.isEmpty()) {
            return "no per-project settings";
        }
        return new TreeMap<>(projects).entrySet().stream().map(project -> {
            ProjectSettings settings = project.getValue();
            Destination destination = destinationOf(settings);
            return project.getKey() + " (" + (settings.enabled() ? "on" : "off") + ", "
                    + (blankToNull(settings.writeKey()) != null ? "write key " : "default write key ")
                    + Secrets.masked(destination.writeKey()) + ", "
                    + (destination.isDryRun() ? "dry-run" : destination.baseUrl()) + ")";
        }).collect(Collectors.joining(", ", "projects: ", ""));
    }

    /** The settings of the project, looked up by slug and then by numeric id. */
    public ProjectSettings settingsOf(SentryProject project) {
        ProjectSettings bySlug = project.slug() == null ? null : projects.get(project.slug());
        return bySlug != null || project.id() == null ? bySlug : projects.get(project.id());
    }

    public boolean isEnabled(SentryProject project) {
        ProjectSettings settings = settingsOf(project);
        return settings == null || settings.enabled();
    }

    /**
     * Where one call goes: a write key (null means dry-run) and a base URL. Batches group their calls by it, and
     * the rate keys on both.
     */
    public record Destination(String writeKey, String baseUrl) {

        public boolean isDryRun() {
            return writeKey == null;
        }

        /** HTTP Basic: the write key as user name and an empty password. */
        public String authorization() {
            return "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        }

        /** {@code <base URL>/v1/<call>}. */
        public String url(String call) {
            return baseUrl + "/v1/" + call;
        }

        /** {@code <base URL>/v1/batch} for batch mode. */
        public String batchUrl() {
            return baseUrl + "/v1/batch";
        }

        /**
         * The rate's key: one per write key and region, named by a digest of the key so the key itself is never
         * written out (nor sent to Redis).
         */
        public String rateKey() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(String.valueOf(writeKey).getBytes(StandardCharsets.UTF_8));
                return "write-key-" + HexFormat.of().formatHex(digest, 0, 6) + "@" + baseUrl;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Every destination the settings name (segment.writeKey's and each project's), dry-runs left out. */
    public List<Destination> configured() {
        Set<Destination> all = new LinkedHashSet<>();
        all.add(destinationOf(null));
        projects.values().forEach(settings -> all.add(destinationOf(settings)));
        return all.stream().filter(destination -> !destination.isDryRun()).toList();
    }

    /** Where a Sentry event of this project goes: the project's own key and region, else the defaults. */
    public Destination of(SentryProject project) {
        return destinationOf(settingsOf(project));
    }

    /** A project's own key and region where it sets them, else segment.writeKey and segment.baseUrl. */
    private Destination destinationOf(ProjectSettings settings) {
        String projectKey = settings == null ? null : blankToNull(settings.writeKey());
        String projectUrl = settings == null ? null : blankToNull(settings.baseUrl());
        return new Destination(projectKey != null ? projectKey : defaultWriteKey,
                projectUrl != null ? projectUrl : defaultBaseUrl);
    }

    /** Where a segment-sink call goes: the route's own write key (blank for none), else segment.writeKey. */
    public Destination forSink(String writeKey) {
        String sink = blankToNull(writeKey);
        return new Destination(sink != null ? sink : defaultWriteKey, defaultBaseUrl);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
