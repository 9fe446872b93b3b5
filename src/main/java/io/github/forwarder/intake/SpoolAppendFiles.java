package io.github.forwarder.intake;

import io.github.forwarder.files.WholeFileWrites;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool folder as the intake writes it: one file open per writer, each group appended to it, and the file
 * published to the forwarding route (renamed from its hidden name, which file consumers skip) {@value
 * #PUBLISH_AFTER_MS} ms after it was opened, or once it holds {@value #PUBLISH_AT_BYTES} bytes. So under load one
 * file carries the events of many groups: a file costs a create, a rename, a poll and a delete, which a file per
 * group paid for every few events. At low load an event waits at most {@value #PUBLISH_AFTER_MS} ms longer.
 * <p>
 * A group is stored once its bytes are in the open file (with sync, on disk): that is what its 202 promises, and
 * the process dying then loses nothing. Each writer holds a lock on its open file, which the system releases
 * when the process ends however it ends. A file whose lock is free is a dead writer's: the next writer on the
 * folder publishes it, at its start and every {@value #ADOPT_EVERY_SECONDS} s (several forwarders may share a
 * folder). A last line the death cut short was never answered 202, and is cut off.
 */
final class SpoolAppendFiles implements GroupStore {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolAppendFiles.class);

    /** Hidden, so file consumers skip a file still being appended to. */
    static final String OPEN_PREFIX = ".open-";
    static final int PUBLISH_AFTER_MS = 20;
    static final int PUBLISH_AT_BYTES = 8 << 20;
    static final int ADOPT_EVERY_SECONDS = 10;

    /** Sortable by time, then by writer and sequence; UTC, so a change of time zone keeps the order. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    /** A probe's size: a group of a dozen typical events (a probe of a few bytes may fit on a full disk). */
    private static final int PROBE_BYTES = 64 << 10;
    /**
     * The files this JVM's writers hold open. Another forwarder in this JVM must not open one to test its lock:
     * closing that channel would release every lock this process holds on the file (POSIX record locks).
     */
    private static final Set<Path> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path folder;
    private final String name;
    private final boolean createFolder;
    private final boolean sync;
    /** Tells apart writers that share a folder (several processes, containers that all have pid 1). */
    private final String writerId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(2);
    private long sequence;
    private long adoptedAt = System.nanoTime() - TimeUnit.SECONDS.toNanos(ADOPT_EVERY_SECONDS);

    /** The file groups are appended to; null until a group comes. Its lock goes with its channel. */
    private FileChannel open;
    private Path openPath;
    private long openedAt;
    /** The bytes this writer appended to it: its size, known without asking the file at every group. */
    private long appended;

    SpoolAppendFiles(Path folder, boolean createFolder, boolean sync) {
        this.folder = folder;
        this.name = "the spool folder " + folder;
        this.createFolder = createFolder;
        this.sync = sync;
    }

    /**
     * Appends the group, whole or not at all: after a failed write the file is cut back to where the group began
     * and published, so the next group starts a new file.
     */
    @Override
    public void write(List<byte[]> parts) throws IOException {
        if (open == null) {
            openNext();
        }
        long groupStart = appended;
        try {
            ByteBuffer[] buffers = parts.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
            while (buffers[buffers.length - 1].hasRemaining()) {
                appended += open.write(buffers);
            }
            if (sync) {
                open.force(false); // the data and the size that reads it back; the entry was synced at its creation
            }
        } catch (IOException | RuntimeException failed) {
            try {
                open.truncate(groupStart);
            } catch (IOException | RuntimeException cutFailed) {
                failed.addSuppressed(cutFailed); // a torn last line is read as unreadable and dead-lettered
            }
            publishOpenFile();
            throw failed;
        }
    }

    /** A file of its own, written whole under a temporary name, then renamed. */
    @Override
    public void writeAlone(byte[] body) throws IOException {
        String fileName = nextFileName();
        Path temporary = folder.resolve(WholeFileWrites.TEMP_PREFIX + fileName);
        try {
            writeNew(temporary, ByteBuffer.wrap(body));
            Files.move(temporary, folder.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException failed) {
            Files.deleteIfExists(temporary);
            throw failed;
        }
        if (sync) {
            syncFolder();
        }
    }

    @Override
    public long nanosUntilDue() {
        long now = System.nanoTime();
        return Math.min(nanosUntilPublish(now), nanosUntilAdopt(now));
    }

    /** Publishes the open file when due, and files dead writers left open, every {@value #ADOPT_EVERY_SECONDS} s. */
    @Override
    public void tend() {
        long now = System.nanoTime();
        if (nanosUntilPublish(now) <= 0) {
            publishOpenFile();
        }
        if (nanosUntilAdopt(now) <= 0) {
            adoptedAt = now;
            publishFilesOfDeadWriters();
        }
    }

    /** At stop: what this writer appended is published now. */
    @Override
    public void close() {
        if (open != null) {
            publishOpenFile();
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
            writeNew(probe, ByteBuffer.allocate(PROBE_BYTES));
        } finally {
            Files.deleteIfExists(probe);
        }
        return true;
    }

    private void writeNew(Path file, ByteBuffer bytes) throws IOException {
        try (FileChannel out = create(file)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            if (sync) {
                out.force(true);
            }
        }
    }

    /** {@value #PUBLISH_AFTER_MS} ms after the open file was opened, or at once when it is full. */
    private long nanosUntilPublish(long now) {
        if (open == null) {
            return Long.MAX_VALUE;
        }
        return appended >= PUBLISH_AT_BYTES ? 0 : openedAt + TimeUnit.MILLISECONDS.toNanos(PUBLISH_AFTER_MS) - now;
    }

    private long nanosUntilAdopt(long now) {
        return adoptedAt + TimeUnit.SECONDS.toNanos(ADOPT_EVERY_SECONDS) - now;
    }

    /**
     * Created and locked under a temporary name, then renamed to its open name: no other writer ever sees an
     * open file whose lock is free while its writer lives.
     */
    private void openNext() throws IOException {
        String fileName = nextFileName();
        Path creating = folder.resolve(WholeFileWrites.TEMP_PREFIX + fileName);
        Path opened = folder.resolve(OPEN_PREFIX + fileName);
        FileChannel channel = create(creating);
        try {
            if (channel.tryLock() == null) {
                throw new IOException("could not lock the new spool file " + creating);
            }
            Files.move(creating, opened, StandardCopyOption.ATOMIC_MOVE);
            if (sync) {
                syncFolder(); // the open file's entry is on disk before any 202 depends on it
            }
        } catch (IOException | RuntimeException failed) {
            channel.close();
            Files.deleteIfExists(creating);
            throw failed;
        }
        OPEN_IN_THIS_JVM.add(oneSpelling(opened));
        open = channel;
        openPath = opened;
        openedAt = System.nanoTime();
        appended = 0;
    }

    /**
     * Closes and renames the open file (an empty one is deleted). Should the rename fail, the file stays under its
     * open name with its lock free, and the next look for dead writers' files publishes it.
     */
    private void publishOpenFile() {
        Path path = openPath;
        try {
            boolean empty = open.size() == 0;
            open.close();
            if (empty) {
                Files.deleteIfExists(path);
            } else {
                Files.move(path, published(path), StandardCopyOption.ATOMIC_MOVE);
                if (sync) {
                    // Should this sync fail, the file is read anyway; its events were answered 202 when written.
                    syncFolder();
                }
            }
        } catch (IOException | RuntimeException failed) {
            LOG.warn("Could not publish the spool file {} yet (the next look for unpublished files will): {}", path,
                    failed.toString());
        } finally {
            OPEN_IN_THIS_JVM.remove(oneSpelling(path));
            open = null;
            openPath = null;
        }
    }

    private void publishFilesOfDeadWriters() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, OPEN_PREFIX + "*")) {
            for (Path file : files) {
                if (!OPEN_IN_THIS_JVM.contains(oneSpelling(file))) {
                    publishIfItsWriterIsGone(file);
                }
            }
        } catch (NoSuchFileException noFolderYet) {
            // nothing was ever written here
        } catch (IOException | DirectoryIteratorException failed) {
            LOG.warn("Could not look for spool files left open in {}: {}", folder, failed.toString());
        }
    }

    private void publishIfItsWriterIsGone(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                return;
            }
            if (lock == null) {
                return; // its writer lives
            }
            long whole = endOfLastWholeLine(channel);
            channel.truncate(whole);
            if (whole == 0) {
                Files.delete(file);
            } else {
                Files.move(file, published(file), StandardCopyOption.ATOMIC_MOVE);
                LOG.info("Published the spool file {}, left open by a writer that stopped", published(file));
            }
        } catch (NoSuchFileException publishedMeanwhile) {
            // another forwarder on this folder published it first
        }
    }

    /** The length up to and with the last LF: past it, a line the writer's death cut short. */
    private static long endOfLastWholeLine(FileChannel channel) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 << 10);
        long end = channel.size();
        while (end > 0) {
            long start = Math.max(0, end - block.capacity());
            block.clear().limit((int) (end - start));
            while (block.hasRemaining() && channel.read(block, start + block.position()) >= 0) {
                // reads the block whole
            }
            for (int i = block.position() - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /** One spelling per file, however a forwarder of this JVM names its folder (relative, absolute, with ".."). */
    private static Path oneSpelling(Path file) {
        return file.toAbsolutePath().normalize();
    }

    private String nextFileName() {
        return String.format("%s%s-%s-%09d.json", IntakeMarks.FILE_PREFIX, STAMP.format(Instant.now()), writerId,
                ++sequence);
    }

    private Path published(Path openFile) {
        return folder.resolve(openFile.getFileName().toString().substring(OPEN_PREFIX.length()));
    }

    private void syncFolder() throws IOException {
        try (FileChannel folderEntries = FileChannel.open(folder, StandardOpenOption.READ)) {
            folderEntries.force(true);
        }
    }

    private FileChannel create(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException noFolder) {
            if (!createFolder) {
                throw noFolder;
            }
            // as Camel's file producer does with autoCreate (its default): a deleted spool folder comes back
            Files.createDirectories(folder);
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }
}
