package io.github.forwarder.files;

import java.nio.file.Path;
import java.util.List;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.spi.EndpointStrategy;

/**
 * Every file the forwarder writes (spool, dead letters, dry-run, a source folder) appears whole: it is written
 * under a hidden temporary name, which file consumers skip, and renamed when complete. Only the forwarder's own
 * folders are touched, so the file endpoints of an application that embeds it keep their settings.
 */
public final class WholeFileWrites implements EndpointStrategy {

    /** Hidden, so file consumers skip a file still being written. */
    public static final String TEMP_PREFIX = ".writing-";

    private final List<Path> folders;

    /** The data folder, and the source folder when forwarder.source is a file: URI. */
    public WholeFileWrites(Path dataDir, String source) {
        folders = source.startsWith("file:") ? List.of(normal(dataDir.toString()), normal(folderOf(source)))
                : List.of(normal(dataDir.toString()));
    }

    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        if (endpoint instanceof GenericFileEndpoint<?> file && file.getTempFileName() == null
                && isOwn(file.getConfiguration().getDirectory())) {
            file.setTempPrefix(TEMP_PREFIX);
        }
        return endpoint;
    }

    private boolean isOwn(String directory) {
        Path folder = normal(directory);
        return folders.stream().anyMatch(folder::startsWith);
    }

    private static String folderOf(String fileUri) {
        String folder = fileUri.substring("file:".length());
        int query = folder.indexOf('?');
        folder = query >= 0 ? folder.substring(0, query) : folder;
        return folder.startsWith("//") ? folder.substring(2) : folder;
    }

    private static Path normal(String folder) {
        return Path.of(folder).toAbsolutePath().normalize();
    }
}
