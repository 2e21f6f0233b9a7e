package io.saasagent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A private S3-compatible server on a free loopback port: {@code s3rver} (npm), installed by
 * {@code scripts/install-test-deps.sh} under {@code ~/.cache/saas-agent/s3rver} (or where {@code S3RVER_HOME}
 * points), run with Node. It knows one key pair ({@link #ACCESS_KEY_ID} / {@link #SECRET_ACCESS_KEY}): another
 * access key id is a real 403 InvalidAccessKeyId (s3rver does not verify the V4 signature itself, so a wrong
 * secret with the right key id passes). Path-style URLs ({@link #endpoint()}). Node runs it with OpenSSL's
 * legacy provider: its continuation tokens are DES-encrypted, which OpenSSL 3 refuses otherwise.
 *
 * <p>Objects are laid straight into s3rver's filesystem store, which is what its listing reads: the object
 * file's modification time IS the object's LastModified, so a test gives each object the age it needs, and
 * 20,000 objects are written in a second or two instead of a minute of uploads (the object and its MD5, which
 * s3rver would otherwise compute at the first listing; no metadata file: s3rver takes none as no metadata).
 * Buckets are directories.
 */
public final class PrivateS3 extends PrivateServer<PrivateS3> {
    public static final String ACCESS_KEY_ID = "S3RVER";
    public static final String SECRET_ACCESS_KEY = "S3RVER";
    private static final String SUFFIX = "._S3rver_";

    public PrivateS3() {
        super("s3rver");
    }

    /** {@code http://127.0.0.1:<port>}, to be used with path-style addressing. */
    public String endpoint() {
        return "http://" + hostPort();
    }

    /** The store's directory (inside the work dir). */
    public Path store() {
        return workDir().resolve("store");
    }

    /** Creates bucket {@code name} (an empty directory of the store). */
    public PrivateS3 bucket(String name) {
        try {
            Files.createDirectories(store().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Object {@code key} of {@code bucket} with {@code body}, last modified at {@code lastModified}. */
    public PrivateS3 put(String bucket, String key, byte[] body, Instant lastModified) {
        try {
            Path object = store().resolve(bucket).resolve(key + SUFFIX + "object");
            Files.createDirectories(object.getParent());
            Files.write(object, body);
            Files.writeString(object.resolveSibling(object.getFileName() + ".md5"),
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)));
            Files.setLastModifiedTime(object, FileTime.from(lastModified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** Where s3rver's entry point is: {@code S3RVER_HOME} or {@code ~/.cache/saas-agent/s3rver}. */
    public static Path home() {
        String configured = System.getProperty("s3rver.home", System.getenv("S3RVER_HOME"));
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "saas-agent", "s3rver");
    }

    @Override
    protected void prepare(Path workDir) throws IOException {
        Files.createDirectories(workDir.resolve("store"));
    }

    @Override
    protected List<String> command(int port, Path workDir) {
        Path script = home().resolve("node_modules/s3rver/bin/s3rver.js");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException("s3rver is not installed at " + script + " (run scripts/install-test-deps.sh)");
        }
        return List.of(executable("/usr/bin/node", "/usr/local/bin/node"), "--openssl-legacy-provider", script.toString(), "--directory", workDir.resolve("store").toString(),
                "--address", HOST, "--port", Integer.toString(port), "--silent", "--no-vhost-buckets");
    }

    /** Any HTTP answer to {@code GET /} (s3rver asks for a signature: 403) means it serves. */
    @Override
    protected boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(9);
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.");
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    protected Duration startTimeout() {
        return Duration.ofSeconds(30);
    }
}
