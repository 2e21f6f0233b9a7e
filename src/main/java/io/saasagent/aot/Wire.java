package io.saasagent.aot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The text line of the line-based protocols (RESP, NATS): up to CRLF, without it; null at the end of the stream. */
final class Wire {
    private Wire() {
    }

    static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                return new String(sb.substring(0, end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
            sb.append((char) b);
        }
        return null;
    }
}
