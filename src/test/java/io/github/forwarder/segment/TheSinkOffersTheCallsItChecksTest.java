package io.github.forwarder.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Segment call types are listed once for the check ({@link SegmentCalls}) and once in the Kamelet's schema, which
 * tools show to users: the two lists are the same.
 */
class TheSinkOffersTheCallsItChecksTest {

    @Test
    void theKameletsTypesAreTheCallsTheSinkChecks() throws Exception {
        Map<?, ?> kamelet;
        try (Reader yaml = Files.newBufferedReader(Path.of("kamelets/segment-sink.kamelet.yaml"))) {
            kamelet = (Map<?, ?>) new Load(LoadSettings.builder().build()).loadFromReader(yaml);
        }
        Map<?, ?> type = (Map<?, ?>) at(kamelet, "spec", "definition", "properties", "type");

        assertThat(((List<?>) type.get("enum")).stream().map(String::valueOf).toList())
                .containsExactlyInAnyOrderElementsOf(SegmentCalls.CALLS);
    }

    private static Object at(Map<?, ?> map, String... keys) {
        Object value = map;
        for (String key : keys) {
            value = ((Map<?, ?>) value).get(key);
        }
        return value;
    }
}
