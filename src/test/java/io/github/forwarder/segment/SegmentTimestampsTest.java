package io.github.forwarder.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Segment's timestamp text is the ISO-8601 pattern with milliseconds and Z, for any instant. */
class SegmentTimestampsTest {

    private static final DateTimeFormatter PATTERN =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void printsWhatThePatternPrints() {
        SplittableRandom random = new SplittableRandom(20261202);
        long earliest = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long latest = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(earliest, latest + 1), random.nextInt(1_000_000_000));
            assertThat(SegmentTimestamps.format(instant)).as("%s", instant).isEqualTo(PATTERN.format(instant));
        }
    }

    @Test
    void edgesOfTheDayYearAndMillisecond() {
        assertThat(SegmentTimestamps.format(Instant.parse("1970-01-01T00:00:00Z"))).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(SegmentTimestamps.format(Instant.parse("2024-02-29T23:59:59.999999999Z")))
                .isEqualTo("2024-02-29T23:59:59.999Z");
        assertThat(SegmentTimestamps.format(Instant.parse("9999-12-31T23:59:59.999Z"))).isEqualTo("9999-12-31T23:59:59.999Z");
        assertThat(SegmentTimestamps.format(Instant.parse("0999-12-31T23:59:59.001Z"))).isEqualTo("0999-12-31T23:59:59.001Z");
    }
}
