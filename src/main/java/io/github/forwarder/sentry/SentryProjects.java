package io.github.forwarder.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the project and organisation in the shapes that carry them:
 * - stored events and integration webhooks: the event's numeric {@code project};
 * - service hooks: {@code project.slug} at the top and {@code projectID} in the API-shaped event;
 * - the WebHooks plugin: {@code project_slug} (and {@code project}) at the top;
 * - organisation and slug from Sentry URLs ({@code /organizations/<org>/}, {@code /projects/<org>/<slug>/},
 *   {@code https://<org>.sentry.io}).
 * Events posted as SDKs send them carry neither: the DSN names the project, and it is not in the body.
 */
final class SentryProjects {

    private static final Pattern NUMERIC = Pattern.compile("\\d{1,20}");
    private static final Pattern PROJECT_URL = Pattern.compile("/projects/([\\w.-]+)/([\\w.-]+)/");
    private static final Pattern ORGANIZATION_URL = Pattern.compile("/organizations/([\\w.-]+)/");
    private static final Pattern ORGANIZATION_HOST = Pattern.compile("^https?://([\\w-]+)\\.sentry\\.io/");

    private SentryProjects() {
    }

    static SentryProject read(JsonNode root, JsonNode event) {
        String id = null;
        String slug = JsonFields.firstText(root, "project_slug");
        JsonNode topProject = root == event ? null : root.get("project");
        if (topProject != null && topProject.isObject()) {
            slug = firstNonNull(slug, JsonFields.text(topProject.get("slug")));
            id = JsonFields.text(topProject.get("id"));
        } else {
            String text = JsonFields.text(topProject);
            if (text != null && NUMERIC.matcher(text).matches()) {
                id = text;
            } else {
                slug = firstNonNull(slug, text);
            }
        }
        String eventProject = JsonFields.firstText(event, "project", "projectID", "project_id");
        if (eventProject != null && NUMERIC.matcher(eventProject).matches()) {
            id = firstNonNull(id, eventProject);
        } else {
            slug = firstNonNull(slug, eventProject);
        }
        String organization = null;
        for (String url : new String[] {JsonFields.text(event.get("url")), JsonFields.text(event.get("web_url")),
                JsonFields.text(event.get("issue_url")), JsonFields.text(root.get("url"))}) {
            if (url == null) {
                continue;
            }
            Matcher project = PROJECT_URL.matcher(url);
            if (project.find()) {
                organization = firstNonNull(organization, project.group(1));
                slug = firstNonNull(slug, project.group(2));
            }
            Matcher org = ORGANIZATION_URL.matcher(url);
            Matcher host = ORGANIZATION_HOST.matcher(url);
            organization = firstNonNull(organization, org.find() ? org.group(1) : host.find() ? host.group(1) : null);
        }
        return id == null && slug == null && organization == null ? SentryProject.UNKNOWN
                : new SentryProject(id, slug, organization);
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
