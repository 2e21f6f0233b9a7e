package io.saasagent.aot;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's protocol 3 as an idle primary with trust authentication answers the probe's simple queries (the
 * privilege check, SELECT 1, the statistics query) in text format; any other query is an error.
 */
final class PostgresStub extends StubServer {
    private static final int SSL_REQUEST = 80877103;
    private static final int BOOL = 16;
    private static final int INT8 = 20;
    private static final int INT4 = 23;
    private static final int TEXT = 25;
    private static final int FLOAT8 = 701;

    /** One result column: its name, type and value in text format (null is SQL NULL). */
    record Column(String name, int type, String value) {
    }

    PostgresStub() throws IOException {
    }

    @Override
    void serve(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
        DataOutputStream out = new DataOutputStream(client.getOutputStream());
        byte[] startup = packet(in);
        if (startup.length >= 4 && ByteBuffer.wrap(startup).getInt() == SSL_REQUEST) {
            out.write('N'); // no TLS here; the client goes on in the clear or gives up
            out.flush();
            packet(in);
        }
        message(out, 'R', new byte[] {0, 0, 0, 0}); // AuthenticationOk
        for (String[] p : new String[][] {{"server_version", "16.4"}, {"server_encoding", "UTF8"}, {"client_encoding", "UTF8"},
                {"DateStyle", "ISO, MDY"}, {"integer_datetimes", "on"}, {"standard_conforming_strings", "on"}, {"TimeZone", "UTC"}}) {
            message(out, 'S', cstrings(p));
        }
        message(out, 'K', new byte[] {0, 0, 0, 1, 0, 0, 0, 2}); // BackendKeyData
        ready(out);
        while (true) {
            int type = in.read();
            if (type < 0 || type == 'X') {
                return;
            }
            byte[] body = packet(in);
            if (type == 'Q') {
                answer(out, new String(body, 0, Math.max(0, body.length - 1), StandardCharsets.UTF_8).strip());
            } else {
                error(out, "08P01", "the AOT training stub speaks the simple query protocol only");
            }
            ready(out);
        }
    }

    static Column[] result(String query) {
        if (query.equals("SELECT 1")) {
            return new Column[] {new Column("?column?", INT4, "1")};
        }
        if (query.contains("is_superuser")) {
            return new Column[] {new Column("?column?", BOOL, "t")};
        }
        if (query.contains("max_connections")) {
            return new Column[] {new Column("backends", INT8, "1"), new Column("max_connections", INT4, "100"),
                    new Column("server_version", TEXT, "16.4"), new Column("archive_mode", TEXT, "off"),
                    new Column("standby", BOOL, "f"), new Column("replicas", INT8, "0"),
                    new Column("replication_lag_seconds", FLOAT8, null), new Column("oldest_transaction_seconds", FLOAT8, "0")};
        }
        return null;
    }

    private static void answer(DataOutputStream out, String query) throws IOException {
        Column[] columns = result(query);
        if (columns == null) {
            error(out, "0A000", "not answered by the AOT training stub");
            return;
        }
        ByteArrayOutputStream description = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(description);
        d.writeShort(columns.length);
        ByteArrayOutputStream row = new ByteArrayOutputStream();
        DataOutputStream r = new DataOutputStream(row);
        r.writeShort(columns.length);
        for (Column c : columns) {
            d.write(cstrings(new String[] {c.name()}));
            d.writeInt(0);       // table
            d.writeShort(0);     // attribute
            d.writeInt(c.type());
            d.writeShort(c.type() == TEXT ? -1 : c.type() == BOOL ? 1 : c.type() == INT4 ? 4 : 8);
            d.writeInt(-1);      // type modifier
            d.writeShort(0);     // text format
            if (c.value() == null) {
                r.writeInt(-1);
            } else {
                byte[] v = c.value().getBytes(StandardCharsets.UTF_8);
                r.writeInt(v.length);
                r.write(v);
            }
        }
        message(out, 'T', description.toByteArray());
        message(out, 'D', row.toByteArray());
        message(out, 'C', cstrings(new String[] {"SELECT 1"}));
    }

    private static void error(DataOutputStream out, String sqlState, String text) throws IOException {
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        for (String f : new String[] {"SERROR", "VERROR", "C" + sqlState, "M" + text}) {
            fields.write(cstrings(new String[] {f}));
        }
        fields.write(0);
        message(out, 'E', fields.toByteArray());
    }

    private static void ready(DataOutputStream out) throws IOException {
        message(out, 'Z', new byte[] {'I'});
        out.flush();
    }

    /** A length-prefixed body (the length counts itself). */
    private static byte[] packet(DataInputStream in) throws IOException {
        byte[] body = new byte[in.readInt() - 4];
        in.readFully(body);
        return body;
    }

    private static void message(DataOutputStream out, char type, byte[] body) throws IOException {
        out.write(type);
        out.writeInt(body.length + 4);
        out.write(body);
    }

    private static byte[] cstrings(String[] values) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String v : values) {
            byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
            b.write(bytes, 0, bytes.length);
            b.write(0);
        }
        return b.toByteArray();
    }
}
