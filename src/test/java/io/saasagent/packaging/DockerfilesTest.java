package io.saasagent.packaging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.saasagent.packaging.ProjectFiles.DOCKER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images, read as Docker reads their instructions (no engine here to build them): the Quarkus
 * base images, a non-root numeric user, port 8080, an exec-form entrypoint, /tmp as the only
 * writable place, and nothing but the Maven output copied in.
 */
@Timeout(10)
class DockerfilesTest {

    record Instruction(String keyword, String args) {
    }

    private static final Map<String, String> BASES = Map.of(
            "Dockerfile.jvm", "registry.access.redhat.com/ubi9/openjdk-25-runtime:",
            "Dockerfile.native", "registry.access.redhat.com/ubi9/ubi-minimal:",
            "Dockerfile.native-micro", "quay.io/quarkus/ubi9-quarkus-micro-image:");
    private static final Map<String, String> USERS = Map.of(
            "Dockerfile.jvm", "185", "Dockerfile.native", "1001", "Dockerfile.native-micro", "1001");

    /** Instructions with continuation lines joined and comments dropped. */
    static List<Instruction> parse(Path file) throws IOException {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String text = current.toString().strip();
            current.setLength(0);
            if (text.isEmpty()) {
                continue;
            }
            int space = text.indexOf(' ');
            out.add(new Instruction(text.substring(0, space).toUpperCase(), text.substring(space + 1).strip()));
        }
        return out;
    }

    static List<String> args(List<Instruction> instructions, String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
    }

    @Test
    void eachImageFollowsTheQuarkusConventionsAndRunsAsNonRoot() throws IOException {
        for (String name : BASES.keySet()) {
            List<Instruction> df = parse(DOCKER.resolve(name));
            assertThat(args(df, "FROM")).as(name).singleElement().asString().startsWith(BASES.get(name));
            List<String> users = args(df, "USER");
            assertThat(users).as(name + " USER").isNotEmpty();
            String user = users.get(users.size() - 1);
            assertThat(user).as(name + ": numeric uid, so runAsNonRoot can verify it").matches("\\d+").isNotEqualTo("0")
                    .isEqualTo(USERS.get(name));
            // Nothing runs as root after the last USER.
            int lastUser = df.lastIndexOf(df.stream().filter(i -> i.keyword().equals("USER")).reduce((a, b) -> b).orElseThrow());
            assertThat(df.subList(lastUser, df.size())).as(name).noneMatch(i -> i.keyword().equals("RUN"));
            assertThat(args(df, "EXPOSE")).as(name).containsExactly("8080");
            List<String> entrypoint = args(df, "ENTRYPOINT");
            assertThat(entrypoint).as(name + ": exec form, so signals reach the process").singleElement().asString()
                    .startsWith("[").endsWith("]");
            assertThat(String.join(" ", entrypoint) + String.join(" ", args(df, "ENV"))).as(name)
                    .contains("-Djava.io.tmpdir=/tmp").contains("-Dquarkus.http.host=0.0.0.0");
            assertThat(args(df, "COPY")).as(name + " copies only the Maven output (and the JVM image its AOT training)").isNotEmpty()
                    .allMatch(a -> a.replaceAll("--\\S+\\s+", "").startsWith("target/")
                            || a.equals("src/main/docker/aot-train.sh /deployments/aot-train.sh") && name.equals("Dockerfile.jvm"));
            assertThat(df).as(name + ": no ADD (remote URLs), no VOLUME (writable mounts come from Kubernetes)")
                    .noneMatch(i -> i.keyword().equals("ADD") || i.keyword().equals("VOLUME"));
        }
    }

    @Test
    void theJvmImageUsesTheBaseImagesLauncher() throws IOException {
        List<Instruction> df = parse(DOCKER.resolve("Dockerfile.jvm"));
        assertThat(args(df, "ENTRYPOINT")).containsExactly("[ \"/opt/jboss/container/java/run/run-java.sh\" ]");
        assertThat(args(df, "ENV")).contains("JAVA_APP_JAR=\"/deployments/quarkus-run.jar\"");
    }

    /**
     * The native images copy the executable the build makes: {@code target/<artifactId>-<version>-runner} (Quarkus'
     * name, which failsafe's native.image.path and scripts/native-build.sh use too), and only that file.
     */
    @Test
    void theNativeImagesCopyTheExecutableTheBuildMakes() throws Exception {
        var pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        String artifact = pom.getElementsByTagName("artifactId").item(0).getTextContent();
        String version = pom.getElementsByTagName("version").item(0).getTextContent();
        Path runner = Path.of("target", artifact + "-" + version + "-runner");
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<native.image.path>${project.build.directory}/${project.build.finalName}-runner</native.image.path>");
        assertThat(Files.readString(Path.of("scripts/native-build.sh"))).contains("target/" + artifact + "-*-runner");
        for (String name : List.of("Dockerfile.native", "Dockerfile.native-micro")) {
            List<String> copies = args(parse(DOCKER.resolve(name)), "COPY");
            assertThat(copies).as(name).singleElement();
            String[] parts = copies.get(0).replaceAll("--\\S+\\s+", "").split("\\s+");
            assertThat(parts).as(name).hasSize(2);
            var glob = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + parts[0]);
            assertThat(glob.matches(runner)).as(name + ": " + parts[0] + " matches " + runner).isTrue();
            assertThat(glob.matches(Path.of("target", artifact + "-" + version + "-native-image-source-jar")))
                    .as(name + " copies nothing else").isFalse();
            assertThat(parts[1]).isEqualTo("/work/application");
            assertThat(args(parse(DOCKER.resolve(name)), "ENTRYPOINT")).singleElement().asString().contains("\"./application\"");
        }
    }

    /**
     * The JVM image trains its AOT cache with its own JDK (the script bench/jvm-aot.sh runs too) before dropping root,
     * with the collector and the compiler it runs with (C1 only), and maps it at run time.
     */
    @Test
    void theJvmImageTrainsAndMapsItsAotCache() throws IOException {
        List<Instruction> df = parse(DOCKER.resolve("Dockerfile.jvm"));
        assertThat(args(df, "RUN")).singleElement().asString()
                .startsWith("/deployments/aot-train.sh java /deployments /deployments/app.aot ").contains("-XX:+UseSerialGC")
                .contains("-XX:TieredStopAtLevel=1");
        assertThat(String.join(" ", args(df, "ENV"))).contains("-XX:AOTCache=/deployments/app.aot").contains("-XX:TieredStopAtLevel=1")
                .contains("GC_CONTAINER_OPTIONS=\"-XX:+UseSerialGC\"").doesNotContain("SharedArchiveFile");
        assertThat(df.indexOf(df.stream().filter(i -> i.keyword().equals("RUN")).findFirst().orElseThrow()))
                .isLessThan(df.indexOf(df.stream().filter(i -> i.keyword().equals("USER")).findFirst().orElseThrow()));
        assertThat(Files.isExecutable(DOCKER.resolve("aot-train.sh"))).as("COPY keeps the mode: the script must be executable").isTrue();
        assertThat(Files.readString(Path.of("bench/jvm-aot.sh"))).contains("src/main/docker/aot-train.sh");
    }

    @Test
    void theParserJoinsContinuationLines() throws IOException {
        Path tmp = Files.createTempFile("Dockerfile", ".test");
        Files.writeString(tmp, "# c\nFROM a:1\nENV A=1 \\\n    B=2\nUSER 1001\n");
        assertThat(parse(tmp)).containsExactly(new Instruction("FROM", "a:1"), new Instruction("ENV", "A=1  B=2"),
                new Instruction("USER", "1001"));
        Files.delete(tmp);
    }
}
