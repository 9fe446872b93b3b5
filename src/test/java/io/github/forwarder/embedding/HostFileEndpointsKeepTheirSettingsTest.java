package io.github.forwarder.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.forwarder.support.RunningForwarder;
import java.nio.file.Path;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder writes its own files whole (a hidden temporary name, then a rename), and leaves the file
 * endpoints of an application it is embedded in as that application configured them.
 */
class HostFileEndpointsKeepTheirSettingsTest {

    @TempDir
    Path hostFolder;
    @TempDir
    Path sourceFolder;

    @Test
    void onlyTheForwardersFoldersAreWrittenUnderATemporaryName() {
        try (RunningForwarder forwarder = RunningForwarder.with()
                .property("forwarder.source", "file:" + sourceFolder + "?move=.done").start()) {
            assertThat(tempPrefixOf(forwarder, "file:" + forwarder.dataDir() + "/dead-letter")).isEqualTo(".writing-");
            assertThat(tempPrefixOf(forwarder, "file://" + sourceFolder)).isEqualTo(".writing-");
            assertThat(tempPrefixOf(forwarder, "file:" + hostFolder + "?fileExist=Append")).isNull();
        }
    }

    private static String tempPrefixOf(RunningForwarder forwarder, String uri) {
        return forwarder.context().getEndpoint(uri, GenericFileEndpoint.class).getTempPrefix();
    }
}
