package io.github.forwarder.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.forwarder.segment.SegmentDestinations.Destination;
import io.github.forwarder.sentry.SentryEvent;
import io.github.forwarder.sentry.SentryProject;
import io.github.forwarder.sentry.SentryShape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The call on its way alone: what each attempt starts from, and what its dead letter and metrics read from it. */
class CallInFlightTest {

    private static final SentryEvent EVENT = new SentryEvent("e1", "error", "u1", null, null, null, null, "", "", "",
            "", 1, "ValueError", null, new SentryProject("7", "checkout", "acme"), SentryShape.values()[0]);
    private static final SegmentCall TRACK = new SegmentCall(SegmentCall.TRACK, "sentry-e1", "{}".getBytes(StandardCharsets.UTF_8),
            new Destination("key", "http://segment.test"), "checkout");

    @Test
    void aFailureFromItsBatchIsRaisedOnceAsTheFirstAttemptThenAttemptsAreCounted() throws Exception {
        IOException refused = new IOException("connection reset");
        CallInFlight call = new CallInFlight("{}", EVENT, TRACK, "e1", refused, true, false);

        assertThat(call.attempts()).isEqualTo(1);
        assertThatThrownBy(call::nextAttempt).isSameAs(refused);
        assertThat(call.attempts()).isEqualTo(1);
        call.nextAttempt();
        call.nextAttempt();
        assertThat(call.attempts()).isEqualTo(3);
    }

    @Test
    void inputWithoutACallIsDeadLetteredWithItsReasonNeverSent() {
        IllegalArgumentException unreadable = new IllegalArgumentException("body is not JSON");
        CallInFlight call = new CallInFlight("{\"event_id\": ", null, null, null, unreadable, false, false);

        assertThatThrownBy(call::nextAttempt).isSameAs(unreadable);
        assertThatThrownBy(call::nextAttempt).isInstanceOf(IllegalStateException.class);
        assertThat(call.attempts()).isZero();
        assertThat(call.isDryRun()).isFalse();
    }

    @Test
    void anEventWaitingForItsClaimGetsItsTrackCallOnceClaimed() {
        CallInFlight call = new CallInFlight("{}", EVENT, null, null, null, false, true);
        assertThat(call.call()).isNull();

        call.claimed(TRACK);

        assertThat(call.waitsForClaim()).isFalse();
        assertThat(call.claim()).isEqualTo("e1");
        assertThat(call.isTrack()).isTrue();
    }

    @Test
    void itNamesItsEventOrItsCallAndItsProject() {
        assertThat(new CallInFlight("{}", EVENT, TRACK, "e1", null, false, false).label())
                .isEqualTo("Sentry event e1 (project checkout)");
        CallInFlight sink = CallInFlight.of(new SegmentCall("page", "m-1", "{}".getBytes(StandardCharsets.UTF_8),
                new Destination(null, "http://segment.test"), null), null);
        assertThat(sink.label()).isEqualTo("Segment page m-1");
        assertThat(sink.project()).isNull();
        assertThat(sink.isDryRun()).isTrue();
        assertThat(new CallInFlight("{}", EVENT, null, null, null, false, false).project()).isEqualTo("checkout");
    }
}
