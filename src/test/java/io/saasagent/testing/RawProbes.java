package io.saasagent.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One-shot raw-socket probes speaking just enough of the Redis, NATS and PostgreSQL wire protocols
 * to tell whether a server (or a {@link FaultProxy} in front of it) really answers.
 *
 * <p>Why: readiness checks and fault tests should not depend on full client libraries, their pools,
 * retries or reconnect logic, which would hide exactly the faults under test. Every probe opens a
 * fresh connection, is bounded by {@code timeout} (for connect and for each read), and lets
 * {@link java.net.SocketTimeoutException}, {@link java.net.ConnectException} and friends propagate so
 * tests can assert on them.
 */
public final class RawProbes {

    private RawProbes() {
    }

    /**
     * Sends {@code PING} (after {@code AUTH password} when a password is given) and returns the first
     * reply line, e.g. {@code +PONG} or {@code -NOAUTH Authentication required.}.
     */
    public static String redisPing(String host, int port, String password, Duration timeout) throws IOException {
        try (Socket socket = connect(host, port, timeout)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null) {
                out.write(("AUTH " + password + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                String auth = readLine(in);
                if (!auth.startsWith("+")) {
                    return auth;
                }
            }
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readLine(in);
        }
    }

    /** {@link #redisPing(String, int, String, Duration)} without a password. */
    public static String redisPing(String host, int port, Duration timeout) throws IOException {
        return redisPing(host, port, null, timeout);
    }

    /** Returns the {@code INFO {...}} line a NATS server sends first on every connection. */
    public static String natsInfo(String host, int port, Duration timeout) throws IOException {
        try (Socket socket = connect(host, port, timeout)) {
            return readLine(socket.getInputStream());
        }
    }

    /**
     * Reads INFO, sends {@code CONNECT} (with user/password when given) and {@code PING}, and returns
     * the first reply line after INFO: {@code PONG} when the server accepts the client, or an
     * {@code -ERR ...} line (e.g. {@code -ERR 'Authorization Violation'}).
     */
    public static String natsPing(String host, int port, String user, String password, Duration timeout)
            throws IOException {
        try (Socket socket = connect(host, port, timeout)) {
            InputStream in = socket.getInputStream();
            String info = readLine(in);
            if (!info.startsWith("INFO ")) {
                throw new IOException("expected NATS INFO, got: " + info);
            }
            String creds = user == null ? "" : ",\"user\":" + json(user) + ",\"pass\":" + json(password);
            String connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1" + creds + "}\r\nPING\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(connect.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(in);
        }
    }

    /**
     * Sends a PostgreSQL StartupMessage for {@code user}/{@code database} and reads the answer:
     * {@code READY} once the server sent ReadyForQuery (trust auth), {@code AUTH <code>} when it asks
     * for a password (e.g. 10 = SASL), or {@code ERROR <SQLSTATE> <message>} (e.g. 57P03 while the
     * database system is starting up).
     */
    public static String pgStartup(String host, int port, String user, String database, Duration timeout)
            throws IOException {
        try (Socket socket = connect(host, port, timeout)) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(ByteBuffer.allocate(4).putInt(196608).array()); // protocol 3.0
            for (String s : new String[] {"user", user, "database", database}) {
                body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
                body.write(0);
            }
            body.write(0);
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(4).putInt(body.size() + 4).array());
            body.writeTo(out);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            while (true) {
                int type = in.read();
                if (type < 0) {
                    throw new EOFException("PostgreSQL closed the connection during startup");
                }
                int length = in.readInt();
                byte[] payload = new byte[length - 4];
                in.readFully(payload);
                switch (type) {
                    case 'R': {
                        int code = ByteBuffer.wrap(payload).getInt();
                        if (code != 0) {
                            return "AUTH " + code;
                        }
                        break;
                    }
                    case 'E':
                        return "ERROR " + errorField(payload, 'C') + " " + errorField(payload, 'M');
                    case 'Z':
                        out.write(new byte[] {'X', 0, 0, 0, 4}); // Terminate
                        out.flush();
                        return "READY";
                    default:
                        break; // ParameterStatus, BackendKeyData, NoticeResponse
                }
            }
        }
    }

    /** Opens a loopback-bounded socket with {@code timeout} as connect and read time-out. */
    public static Socket connect(String host, int port, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads one CRLF- (or LF-) terminated line, without the terminator. */
    public static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed after " + line.size() + " bytes of a line: "
                        + line.toString(StandardCharsets.UTF_8));
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    private static String errorField(byte[] payload, char field) {
        int i = 0;
        while (i < payload.length && payload[i] != 0) {
            char f = (char) payload[i++];
            int start = i;
            while (i < payload.length && payload[i] != 0) {
                i++;
            }
            if (f == field) {
                return new String(payload, start, i - start, StandardCharsets.UTF_8);
            }
            i++;
        }
        return "";
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
