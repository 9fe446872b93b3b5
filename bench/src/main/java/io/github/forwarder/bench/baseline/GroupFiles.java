package io.github.forwarder.bench.baseline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The floors' store, the spool's promise without the forwarder: each body becomes one NDJSON line; one thread
 * writes whatever waits as one file (a temporary name, then a rename: the spool's group commit, without sync) and
 * completes each body's future once its file is renamed. Shared by {@link DurableBareIntakeServer} (no Camel) and
 * {@link CamelGroupFilesStep} (a Camel route), so both floors pay the same store.
 */
public final class GroupFiles {

    private static final int MAX_GROUP = 256;

    private record Pending(byte[] line, CompletableFuture<Void> stored) {
    }

    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Path folder;
    private long sequence;

    /** Starts the writing thread (a daemon) on the folder, created if missing. */
    public GroupFiles(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread writer = new Thread(this::writeGroups, "group writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Completes once the body is in a renamed file, or exceptionally when its group's write failed. */
    public CompletableFuture<Void> store(byte[] body) {
        Pending pending = new Pending(line(body), new CompletableFuture<>());
        queue.add(pending);
        return pending.stored();
    }

    private void writeGroups() {
        try {
            while (true) {
                List<Pending> group = new ArrayList<>(List.of(queue.take()));
                queue.drainTo(group, MAX_GROUP - 1);
                try {
                    write(group);
                    group.forEach(p -> p.stored().complete(null));
                } catch (IOException | RuntimeException failed) {
                    group.forEach(p -> p.stored().completeExceptionally(failed));
                }
            }
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(List<Pending> group) throws IOException {
        String name = String.format("http-%09d.json", ++sequence);
        Path temporary = folder.resolve(".tmp-" + name);
        ByteBuffer[] lines = group.stream().map(p -> ByteBuffer.wrap(p.line())).toArray(ByteBuffer[]::new);
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (lines[lines.length - 1].hasRemaining()) {
                out.write(lines);
            }
        }
        Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The body on one line, as the forwarder's spool keeps it. */
    private static byte[] line(byte[] body) {
        byte[] line = new byte[body.length + 1];
        for (int i = 0; i < body.length; i++) {
            line[i] = body[i] == '\r' || body[i] == '\n' ? (byte) ' ' : body[i];
        }
        line[body.length] = '\n';
        return line;
    }
}
