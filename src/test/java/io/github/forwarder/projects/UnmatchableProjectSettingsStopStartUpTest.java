package io.github.forwarder.projects;

import io.github.forwarder.support.RefusedStart;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A forwarder.projects setting that could never take effect (a misspelt setting, no project name, a name no
 * Sentry project has, an enabled that is not true/false, a baseUrl that is not an http(s) URL) stops start-up with
 * a message naming the key, whether it comes from the properties or from a -D system property.
 */
class UnmatchableProjectSettingsStopStartUpTest {

    @ParameterizedTest(name = "{0}={1} as {2}")
    @CsvSource(delimiter = '|', textBlock = """
            forwarder.projects.alpha.writekey2 | k              | property | forwarder.projects.alpha.writekey2 is not a project setting
            forwarder.projects.alpha.wirteKey  | k              | -D       | forwarder.projects.alpha.wirteKey is not a project setting
            forwarder.projects.alpha           | k              | property | forwarder.projects.alpha is not a project setting
            forwarder.projects..writeKey       | k              | property | forwarder.projects..writeKey names no project
            forwarder.projects..writeKey       | k              | -D       | forwarder.projects..writeKey names no project
            forwarder.projects.Alpha.writeKey  | k              | property | forwarder.projects.Alpha.writeKey: "Alpha" is not a Sentry project slug
            forwarder.projects                 | alpha,My App   | property | forwarder.projects lists "My App": "My App" is not a Sentry project slug
            forwarder.projects.alpha.enabled   | no             | property | forwarder.projects.alpha.enabled (FORWARDER_PROJECTS_ALPHA_ENABLED) is "no", not true or false
            forwarder.projects.alpha.enabled   | off            | -D       | forwarder.projects.alpha.enabled (FORWARDER_PROJECTS_ALPHA_ENABLED) is "off", not true or false
            forwarder.projects.alpha.baseUrl   | api.segment.io | property | forwarder.projects.alpha.baseUrl (FORWARDER_PROJECTS_ALPHA_BASEURL) is "api.segment.io", not an http:// or https:// URL
            forwarder.projects.alpha.baseUrl   | ftp://eu.host  | -D       | forwarder.projects.alpha.baseUrl (FORWARDER_PROJECTS_ALPHA_BASEURL) is "ftp://eu.host", not an http:// or https:// URL
            """)
    void startUpIsRefusedNamingTheKey(String key, String value, String source, String message) {
        RefusedStart.assertRefusedNaming(key, value, source, message);
    }
}
