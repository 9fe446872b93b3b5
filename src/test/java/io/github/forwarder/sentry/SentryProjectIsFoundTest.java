package io.github.forwarder.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.SentryFixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Sentry project (id, slug) and organisation are found in every shape that carries them. */
class SentryProjectIsFoundTest {

    private final SentryEventReader reader = new SentryEventReader(new ObjectMapper());

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "-", textBlock = """
            integration-error-created.json,       4508123400001, checkout-web,     acme
            integration-event-alert.json,         4508123400017, inventory-worker, acme
            service-hook-event-created.json,      31,            mobile-api,       acme
            service-hook-event-alert.json,        44,            search,           acme
            webhook-plugin.json,                  12,            storefront,       acme
            stored-event.json,                    4508123456789, -,                -
            legacy-interfaces.json,               7,             -,                -
            variant-sentry-release-tag-only.json, 27,            -,                -
            sdk-event-modern.json,                -,             -,                -
            """)
    void findsTheProjectWhereTheShapeCarriesIt(String fixture, String id, String slug, String organization) {
        SentryProject project = reader.read(SentryFixtures.bytes(fixture)).project();

        assertThat(project).isEqualTo(id == null && slug == null ? SentryProject.UNKNOWN
                : new SentryProject(id, slug, organization));
    }
}
