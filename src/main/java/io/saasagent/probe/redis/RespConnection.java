package io.saasagent.probe.redis;

import io.saasagent.probe.MalformedReply;
import io.saasagent.probe.Resolve;

import io.saasagent.support.TlsTrust;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One blocking Redis connection speaking the few RESP2 commands a probe needs (AUTH, PING, INFO).
 * Every connect and every read is bounded by the timeout; {@link #close()} from another thread
 * unblocks a read at once. Anything that is not well-formed RESP is a {@link MalformedReply}.
 */
public final class RespConnection implements AutoCloseable {
    /** Bounds for a reply from something that is not Redis: INFO is a few KB. */
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BULK = 16 * 1024 * 1024;
    private static final int MAX_DEPTH = 4;

    /** An error reply ({@code -ERR ...}, {@code -WRONGPASS ...}): the server answered and said no. */
    static final class ErrorReply extends IOException {
        ErrorReply(String message) {
            super(message, null);
        }

        boolean authentication() {
            String m = getMessage();
            return m.startsWith("WRONGPASS") || m.startsWith("NOAUTH") || m.startsWith("ERR AUTH")
                    || m.contains("invalid password") || m.contains("invalid username-password");
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** @param tls the context of a rediss:// connection (its host name is verified), or null for plain redis:// */
    public static RespConnection open(String host, int port, SSLContext tls, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            long start = System.nanoTime();
            int millis = (int) Math.max(1, timeout.toMillis());
            InetSocketAddress address = Resolve.within(host, port, timeout);
            socket.connect(address, Resolve.remainingMillis(timeout, start));
            socket.setSoTimeout(millis);
            socket.setTcpNoDelay(true);
            if (tls != null) {
                SSLSocket ssl = TlsTrust.verifyHostName((SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true));
                ssl.setSoTimeout(millis);
                ssl.startHandshake();
                return new RespConnection(ssl);
            }
            return new RespConnection(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command and reads its reply: String (simple or bulk), Long, List, or null. */
    public Object command(String... args) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        buf.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            buf.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buf.writeBytes(bytes);
            buf.writeBytes(new byte[] {'\r', '\n'});
        }
        out.write(buf.toByteArray());
        out.flush();
        return reply(0);
    }

    /** A command whose reply must be a string. */
    String text(String... args) throws IOException {
        Object reply = command(args);
        if (!(reply instanceof String s)) {
            throw new MalformedReply(args[0] + " answered " + (reply == null ? "nil" : reply.getClass().getSimpleName()));
        }
        return s;
    }

    private Object reply(int depth) throws IOException {
        String line = line();
        if (line.isEmpty()) {
            throw new MalformedReply("empty line");
        }
        String rest = line.substring(1);
        return switch (line.charAt(0)) {
            case '+' -> rest;
            case '-' -> throw new ErrorReply(rest);
            case ':' -> number(rest);
            case '$' -> bulk(number(rest));
            case '*' -> array(number(rest), depth);
            default -> throw new MalformedReply("unexpected type byte 0x" + Integer.toHexString(line.charAt(0)));
        };
    }

    private String bulk(long length) throws IOException {
        if (length < 0) {
            return null;
        }
        if (length > MAX_BULK) {
            throw new MalformedReply("bulk of " + length + " bytes");
        }
        byte[] data = in.readNBytes((int) length);
        if (data.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new MalformedReply("truncated bulk string");
        }
        return new String(data, StandardCharsets.UTF_8);
    }

    private List<Object> array(long count, int depth) throws IOException {
        if (count < 0) {
            return null;
        }
        if (count > 1024 || depth >= MAX_DEPTH) {
            throw new MalformedReply("array of " + count + " at depth " + depth);
        }
        List<Object> items = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            items.add(reply(depth + 1));
        }
        return items;
    }

    private static long number(String text) throws MalformedReply {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new MalformedReply("not a number: " + (text.length() > 20 ? text.substring(0, 20) + "..." : text));
        }
    }

    /** One CRLF-terminated line, without the CRLF. */
    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\r') {
                if (in.read() != '\n') {
                    throw new MalformedReply("CR without LF");
                }
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                throw new MalformedReply("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
