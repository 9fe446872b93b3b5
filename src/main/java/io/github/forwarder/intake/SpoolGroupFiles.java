package io.github.forwarder.intake;

import io.github.forwarder.files.WholeFileWrites;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a group of accepted events into the spool folder as one file, whole or not at all: under a hidden
 * temporary name (file consumers skip it), then renamed atomically, so the forwarding route never reads half a
 * group. With sync, the file's bytes are on disk before the rename, and the rename before it returns. Camel's
 * file producer also renames, but cannot sync first (camel-file 4.18 does not apply its forceWrites option).
 */
final class SpoolGroupFiles implements GroupStore {

    /** Sortable by time, then by writer and sequence; UTC, so a change of time zone keeps the order. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);

    /** A probe's size: a group of a dozen typical events (a probe of a few bytes may fit on a full disk). */
    private static final int PROBE_BYTES = 64 << 10;

    private final Path folder;
    private final String name;
    private final boolean createFolder;
    private final boolean sync;
    /** Tells apart writers that share a folder (several processes, containers that all have pid 1). */
    private final String writerId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    private long sequence;

    SpoolGroupFiles(Path folder, boolean createFolder, boolean sync) {
        this.folder = folder;
        this.name = "the spool folder " + folder;
        this.createFolder = createFolder;
        this.sync = sync;
    }

    /** Called by one thread at a time. The lines end in LF; the intake's prefix marks the file as its own. */
    @Override
    public void write(List<byte[]> lines) throws IOException {
        String name = String.format("%s%s-%s-%09d.json", IntakeMarks.FILE_PREFIX,
                STAMP.format(Instant.now()), writerId, ++sequence);
        Path temporary = folder.resolve(WholeFileWrites.TEMP_PREFIX + name);
        try {
            writeWhole(temporary, lines);
            Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException failed) {
            Files.deleteIfExists(temporary);
            throw failed;
        }
        if (sync) {
            // The rename itself is on disk once the folder is synced. Should this fail, the file is read anyway
            // and the 503 makes Sentry send the events again: the repeat is filtered as a duplicate.
            try (FileChannel folderEntries = FileChannel.open(folder, StandardOpenOption.READ)) {
                folderEntries.force(true);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** A hidden file of {@value #PROBE_BYTES} bytes, written as a group's (synced with sync), then deleted. */
    @Override
    public boolean probe() throws IOException {
        Path probe = folder.resolve(WholeFileWrites.TEMP_PREFIX + "probe-" + writerId);
        try {
            writeWhole(probe, List.of(new byte[PROBE_BYTES]));
        } finally {
            Files.deleteIfExists(probe);
        }
        return true;
    }

    private void writeWhole(Path temporary, List<byte[]> lines) throws IOException {
        try (FileChannel out = create(temporary)) {
            ByteBuffer[] buffers = lines.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
            while (buffers[buffers.length - 1].hasRemaining()) {
                out.write(buffers);
            }
            if (sync) {
                out.force(true);
            }
        }
    }

    private FileChannel create(Path temporary) throws IOException {
        try {
            return FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException noFolder) {
            if (!createFolder) {
                throw noFolder;
            }
            // as Camel's file producer does with autoCreate (its default): a deleted spool folder comes back
            Files.createDirectories(folder);
            return FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }
}
