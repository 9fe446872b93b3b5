package io.github.forwarder.dedupe;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.Map;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The last {@code capacity} ids, kept in memory and in a file that survives restarts. The file is read once, at
 * start; each new id is one appended line; a removal is a "-id" line; when the file holds twice the window it is
 * rewritten with just the window. (Camel's FileIdempotentRepository reads its whole file for every new id, which
 * bounded the forwarder to a few events per second once the store filled.)
 */
public final class RememberedIds extends ServiceSupport {

    private static final String REMOVED = "-";

    private final Path file;
    private final int capacity;
    private final Map<String, Boolean> ids;
    private BufferedWriter appender;
    private int linesInFile;

    public RememberedIds(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
        this.ids = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RememberedIds.this.capacity;
            }
        };
    }

    public synchronized boolean add(String id) {
        if (ids.containsKey(id)) {
            return false;
        }
        ids.put(id, Boolean.TRUE);
        write(id);
        return true;
    }

    /** Remembers many ids with one write to the file (a batch's delivered events). */
    public synchronized void addAll(Collection<String> delivered) {
        StringBuilder lines = new StringBuilder();
        int added = 0;
        for (String id : delivered) {
            if (ids.put(id, Boolean.TRUE) == null) {
                lines.append(id).append(System.lineSeparator());
                added++;
            }
        }
        if (added > 0) {
            write(lines.toString(), added);
        }
    }

    public synchronized boolean contains(String id) {
        return ids.containsKey(id);
    }

    public synchronized boolean remove(String id) {
        if (ids.remove(id) == null) {
            return false;
        }
        write(REMOVED + id);
        return true;
    }

    public synchronized int size() {
        return ids.size();
    }

    private void write(String line) {
        write(line + System.lineSeparator(), 1);
    }

    private void write(String lines, int count) {
        try {
            appender.write(lines);
            appender.flush();
            linesInFile += count;
            if (linesInFile > 2 * capacity) {
                rewrite();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not remember an event id in " + file, e);
        }
    }

    /** The file becomes exactly the window, replaced atomically. */
    private void rewrite() {
        try {
            closeAppender();
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.write(next, ids.keySet(), StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            linesInFile = ids.size();
            openAppender();
        } catch (IOException e) {
            throw new UncheckedIOException("could not compact " + file, e);
        }
    }

    @Override
    protected synchronized void doStart() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(REMOVED)) {
                    ids.remove(line.substring(REMOVED.length()));
                } else if (!line.isBlank()) {
                    ids.put(line, Boolean.TRUE);
                }
                linesInFile++;
            }
        }
        openAppender();
    }

    private void openAppender() throws IOException {
        appender = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private void closeAppender() throws IOException {
        if (appender != null) {
            appender.close();
            appender = null;
        }
    }

    @Override
    protected synchronized void doStop() throws IOException {
        closeAppender();
    }
}
