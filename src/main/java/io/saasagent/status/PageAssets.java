package io.saasagent.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The page's own style and script, inlined (clusters are often offline: nothing is fetched from
 * elsewhere), and the Content-Security-Policy that allows exactly those two blocks by their SHA-256 and
 * nothing else: no other script, style, image, font, frame, form target or connection, from anywhere.
 */
record PageAssets(String css, String script, String contentSecurityPolicy, int refreshSeconds) {
    static final int REFRESH_SECONDS = 10;

    static PageAssets load() {
        String css = resource("status-page/status.css");
        String script = resource("status-page/status.js");
        return new PageAssets(css, script, "default-src 'none'; style-src '" + sha256(css) + "'; script-src '" + sha256(script)
                + "'; img-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", REFRESH_SECONDS);
    }

    /** The CSP source expression of an inline block: 'sha256-<base64>' of its exact text. */
    static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A shipped text resource of the page (its style, script and template). */
    static String resource(String name) {
        try (InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
