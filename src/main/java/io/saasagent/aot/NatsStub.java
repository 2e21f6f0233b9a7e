package io.saasagent.aot;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The NATS client protocol as a JetStream-enabled server with no streams answers the probe: INFO, PONG, and the
 * JetStream API's account info on the request's reply subject; any other API request is "not found".
 */
final class NatsStub extends StubServer {
    static final String ACCOUNT_INFO = "{\"type\":\"io.nats.jetstream.api.v1.account_info_response\",\"memory\":0,"
            + "\"storage\":0,\"streams\":0,\"consumers\":0,\"limits\":{\"max_memory\":-1,\"max_storage\":-1,"
            + "\"max_streams\":-1,\"max_consumers\":-1},\"api\":{\"total\":0,\"errors\":0}}";
    static final String NOT_FOUND = "{\"type\":\"io.nats.jetstream.api.v1.stream_info_response\","
            + "\"error\":{\"code\":404,\"err_code\":10059,\"description\":\"stream not found\"}}";

    NatsStub() throws IOException {
    }

    @Override
    void serve(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
        OutputStream out = client.getOutputStream();
        Map<String, String> subscriptions = new LinkedHashMap<>(); // sid -> subject pattern
        send(out, "INFO {\"server_id\":\"AOT-TRAINING\",\"server_name\":\"aot-training\",\"version\":\"2.10.24\","
                + "\"proto\":1,\"go\":\"go1.23\",\"host\":\"127.0.0.1\",\"port\":" + port() + ",\"headers\":true,"
                + "\"max_payload\":1048576,\"jetstream\":true,\"client_id\":1}\r\n");
        for (String line = Wire.line(in); line != null; line = Wire.line(in)) {
            String[] op = line.trim().split("\\s+");
            switch (op[0].toUpperCase(Locale.ROOT)) {
                case "PING" -> send(out, "PONG\r\n");
                case "SUB" -> subscriptions.put(op[op.length - 1], op[1]);
                case "UNSUB" -> subscriptions.remove(op[1]);
                case "PUB", "HPUB" -> {
                    byte[] body = new byte[Integer.parseInt(op[op.length - 1])];
                    in.readFully(body);
                    Wire.line(in);
                    int replyAt = "PUB".equalsIgnoreCase(op[0]) ? 3 : 4;
                    if (op.length == replyAt + 1 && op[1].startsWith("$JS.API.")) {
                        reply(out, subscriptions, op[2], "$JS.API.INFO".equals(op[1]) ? ACCOUNT_INFO : NOT_FOUND);
                    }
                }
                default -> {
                    // CONNECT, PONG: nothing to answer (the client is not verbose)
                }
            }
        }
    }

    private static void reply(OutputStream out, Map<String, String> subscriptions, String subject, String json) throws IOException {
        for (Map.Entry<String, String> sub : subscriptions.entrySet()) {
            if (matches(sub.getValue(), subject)) {
                byte[] payload = json.getBytes(StandardCharsets.UTF_8);
                send(out, "MSG " + subject + " " + sub.getKey() + " " + payload.length + "\r\n" + json + "\r\n");
                return;
            }
        }
    }

    /** NATS subject matching: '*' is one token, '>' the rest. */
    static boolean matches(String pattern, String subject) {
        String[] p = pattern.split("\\.");
        String[] s = subject.split("\\.");
        for (int i = 0; i < p.length; i++) {
            if (">".equals(p[i])) {
                return s.length > i;
            }
            if (i >= s.length || !("*".equals(p[i]) || p[i].equals(s[i]))) {
                return false;
            }
        }
        return p.length == s.length;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
