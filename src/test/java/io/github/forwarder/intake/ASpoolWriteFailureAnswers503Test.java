package io.github.forwarder.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.support.RunningForwarder;
import io.github.forwarder.support.SegmentStandIn;
import io.github.forwarder.support.SentryEvents;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A group whose file cannot be written (here the spool folder is replaced by a file) answers every one of its
 * requests 503 with the JSON error, so Sentry sends them again: none is reported accepted, none is lost, and the
 * forwarder goes on taking events once the folder can be written again.
 */
class ASpoolWriteFailureAnswers503Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 40;

    @Test
    void everyRequestOfAFailedGroupIsAnswered503AndIsDeliveredOnceWhenSentAgain() throws Exception {
        try (SegmentStandIn segment = new SegmentStandIn();
             RunningForwarder forwarder = RunningForwarder.with().segment(segment).start()) {
            Path spool = forwarder.dataDir().resolve("spool");
            Files.delete(spool); // empty: nothing was posted yet
            Files.writeString(spool, "a file where the spool folder was");
            List<byte[]> bodies = IntStream.range(0, EVENTS).mapToObj(SentryEvents::forwardable).toList();

            for (HttpResponse<String> answer : ConcurrentPosts.postAllAtOnce(forwarder, bodies)) {
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
                assertThat(JSON.readTree(answer.body()).path("error").asText())
                        .isEqualTo("the event could not be stored; retry later");
            }
            assertThat(Files.readString(spool)).isEqualTo("a file where the spool folder was");

            Files.delete(spool); // the next group's write makes the folder again
            for (HttpResponse<String> answer : ConcurrentPosts.postAllAtOnce(forwarder, bodies)) {
                assertThat(answer.statusCode()).isEqualTo(202);
            }
            List<String> expected = IntStream.range(0, EVENTS).mapToObj(i -> "sentry-" + SentryEvents.eventId(i)).toList();
            await().atMost(Duration.ofSeconds(30)).until(() -> segment.deliveredMessageIds().size() >= EVENTS);
            assertThat(segment.deliveredMessageIds()).containsExactlyInAnyOrderElementsOf(expected);
            await().atMost(Duration.ofSeconds(10)).until(() -> forwarder.filesIn("spool").isEmpty());
        }
    }
}
