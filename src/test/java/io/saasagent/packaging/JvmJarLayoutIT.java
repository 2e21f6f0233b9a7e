package io.saasagent.packaging;

import io.saasagent.testing.PackagedAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

import static io.saasagent.packaging.ProjectFiles.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The packaged jar is the aot-jar layout the JVM image's AOT cache is made for: its launcher puts every jar on the
 * application class loader's class path (so the cache holds every class and the lambdas they spin), and every entry
 * of that class path is a file the package holds and {@code Dockerfile.jvm} copies beside quarkus-run.jar.
 */
@Timeout(10)
class JvmJarLayoutIT {

    @Test
    void theJarPutsEveryClassOnTheApplicationClassPathAndTheImageCopiesItAll() throws IOException {
        assumeFalse(PackagedAgent.isNative(), "the jar's layout, not the binary's");
        Path app = PackagedAgent.JAR.getParent();
        String appPrefix = app + "/";
        Attributes manifest;
        try (JarFile jar = new JarFile(PackagedAgent.JAR.toFile())) {
            manifest = jar.getManifest().getMainAttributes();
        }
        assertThat(manifest.getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("io.quarkus.bootstrap.runner.AotQuarkusEntryPoint");
        List<String> classPath = Arrays.asList(manifest.getValue(Attributes.Name.CLASS_PATH).trim().split("\\s+"));
        assertThat(classPath).as("the agent's own classes and the libraries").hasSizeGreaterThan(50)
                .anyMatch(e -> e.startsWith("app/saas-health-agent-"));
        List<String> copied = DockerfilesTest.args(DockerfilesTest.parse(DOCKER.resolve("Dockerfile.jvm")), "COPY").stream()
                .map(copy -> copy.split("\\s+")[0]).filter(source -> source.startsWith(appPrefix))
                .map(source -> source.substring(appPrefix.length())).toList();
        for (String entry : classPath) {
            assertThat(app.resolve(entry)).as(entry).isRegularFile();
            assertThat(copied).as(entry + " is copied into the image").anyMatch(source -> source.endsWith("/")
                    ? entry.startsWith(source) : source.equals("*.jar") && !entry.contains("/"));
        }
    }
}
