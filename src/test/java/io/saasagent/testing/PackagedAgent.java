package io.saasagent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts the packaged agent in an integration test: the native executable when the
 * build made one ({@code -Dnative}: failsafe passes {@code native.image.path}), else the JVM jar.
 */
public final class PackagedAgent {
    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    private PackagedAgent() {
    }

    /** Whether the packaged tests run against the native executable rather than the jar. */
    public static boolean isNative() {
        String nativeImage = System.getProperty("native.image.path");
        return nativeImage != null && Files.isExecutable(Path.of(nativeImage));
    }

    /** The launcher with {@code -Dkey=value} system properties where each launcher expects them. */
    public static List<String> command(List<String> systemProperties) {
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(System.getProperty("native.image.path"));
            command.addAll(systemProperties); // a Quarkus native executable takes -D options as arguments
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(systemProperties);
            command.addAll(List.of("-jar", JAR.toString()));
        }
        return command;
    }
}
