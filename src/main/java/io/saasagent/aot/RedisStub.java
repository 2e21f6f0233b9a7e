package io.saasagent.aot;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** RESP as an idle Redis primary answers the probe: PING, INFO, AUTH and SELECT; any other command an error. */
final class RedisStub extends StubServer {
    static final String INFO = String.join("\r\n",
            "# Server", "redis_version:7.2.4", "", "# Clients", "connected_clients:1", "maxclients:10000", "",
            "# Memory", "used_memory:1048576", "maxmemory:0", "", "# Replication", "role:master", "connected_slaves:0", "");

    RedisStub() throws IOException {
    }

    @Override
    void serve(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
        OutputStream out = client.getOutputStream();
        for (List<String> command = read(in); command != null; command = read(in)) {
            String name = command.isEmpty() ? "" : command.get(0).toUpperCase(Locale.ROOT);
            String reply = switch (name) {
                case "PING" -> "+PONG\r\n";
                case "AUTH", "SELECT" -> "+OK\r\n";
                case "INFO" -> "$" + INFO.getBytes(StandardCharsets.UTF_8).length + "\r\n" + INFO + "\r\n";
                default -> "-ERR unknown command '" + name + "'\r\n";
            };
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** One command: an array of bulk strings, or an inline line; null when the client has gone. */
    private static List<String> read(DataInputStream in) throws IOException {
        String line = Wire.line(in);
        if (line == null) {
            return null;
        }
        if (!line.startsWith("*")) {
            return List.of(line.trim().split("\\s+"));
        }
        List<String> words = new ArrayList<>();
        int n = Integer.parseInt(line.substring(1));
        for (int i = 0; i < n; i++) {
            String header = Wire.line(in);
            if (header == null || !header.startsWith("$")) {
                return null;
            }
            byte[] bulk = new byte[Integer.parseInt(header.substring(1))];
            in.readFully(bulk);
            Wire.line(in);
            words.add(new String(bulk, StandardCharsets.UTF_8));
        }
        return words;
    }
}
