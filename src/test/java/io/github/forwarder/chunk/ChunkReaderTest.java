package io.github.forwarder.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.forwarder.source.ReadAhead;
import io.github.forwarder.support.SentryEvents;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** A file that cannot be read to its end keeps the events read before, and its rest is one unreadable document. */
class ChunkReaderTest {

    @Test
    void aReadErrorMidFileEndsItWithOneUnreadableDocumentNamingTheFileAndLine() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            lines.append(new String(SentryEvents.forwardable(i), StandardCharsets.UTF_8)).append('\n');
        }
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(lines.toString()
                .getBytes(StandardCharsets.UTF_8)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("Input/output error");
                    }
                });
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setHeader(Exchange.FILE_NAME, "export.ndjson");
            ChunkReader documents = new ChunkReader(new ObjectMapper(), 2, 1 << 20, new ReadAhead(1 << 20));

            List<EventChunk> chunks = new ArrayList<>();
            Iterator<EventChunk> iterator = documents.chunks(failing, exchange);
            iterator.forEachRemaining(chunks::add);

            assertThat(chunks).extracting(EventChunk::size).containsExactly(2, 2);
            List<io.github.forwarder.delivery.CallInFlight> unreadable = chunks.get(1).leftovers();
            assertThat(unreadable).singleElement().satisfies(leftover -> {
                assertThat(leftover.input()).isNull();
                assertThat(leftover.failure()).hasMessage("export.ndjson could not be read after line 3: "
                        + "java.io.IOException: Input/output error");
            });
        }
    }
}
