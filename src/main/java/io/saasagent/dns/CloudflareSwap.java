package io.saasagent.dns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link RecordSwap} as one {@code POST /zones/{zone}/dns_records/batch}, which Cloudflare runs in one database
 * transaction (all or nothing): {@code deletes} of the records read now, by id, and {@code posts} of the new ones.
 * Each change's records are read by name and type first and compared with {@code before} here (values, TTL not
 * compared); a mismatch loses without sending anything.
 *
 * <p>What is atomic, and what is not: a record id is deleted once, so of two swaps from the same read only the first
 * batch lands and the second fails on its delete (81044, {@link DnsException.CasLost}). But a PATCH of the same
 * record id by another writer between our read and our batch is not seen: the delete by id still succeeds and
 * overwrites that change. And with {@code before} null (the set must be absent) there is nothing to delete: two
 * such swaps at once may both post (81058 stops only an identical record). Record ids change with every swap, so
 * swaps need the record found by name (no {@code agent.failover.cloudflare.record-id}).
 */
final class CloudflareSwap {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A batch that lost to another writer: a record to delete is gone (81044), or the record exists (81057, 81058). */
    static final Set<Integer> LOST = Set.of(81044, 81057, 81058);

    private final ObjectNode body = JSON.createObjectNode();
    private final ArrayNode deletes = body.putArray("deletes");
    private final ArrayNode posts = body.putArray("posts");

    /** One change, with the records of its name and type as read now (Cloudflare's record objects). */
    void add(RecordSwap.Change change, List<JsonNode> current) throws DnsException.CasLost {
        DnsRecord after = change.after();
        List<String> now = current.stream().map(r -> r.path("content").asText()).toList();
        boolean asExpected = change.before() == null ? current.isEmpty()
                : !current.isEmpty() && new DnsRecord(after.name(), after.type(), now, 0, null, null).sameValues(change.before());
        if (!asExpected) {
            throw new DnsException.CasLost("cloudflare: " + after.name() + " " + after.type() + " is "
                    + (now.isEmpty() ? "absent" : String.join(",", now)) + ", expected "
                    + (change.before() == null ? "absent" : String.join(",", change.before().values())));
        }
        // A proxied record stays proxied (Cloudflare answers its own addresses; its TTL is Cloudflare's).
        boolean proxied = current.stream().anyMatch(r -> r.path("proxied").asBoolean(false));
        current.forEach(r -> deletes.addObject().put("id", r.path("id").asText()));
        boolean txt = "TXT".equalsIgnoreCase(after.type());
        for (String value : after.values()) {
            ObjectNode post = posts.addObject().put("name", after.name().replaceAll("\\.$", "")).put("type", after.type().toUpperCase())
                    .put("content", txt ? DnsRecord.quoted(value) : value);
            if (proxied) {
                post.put("proxied", true);
            } else {
                post.put("ttl", after.ttl());
            }
        }
    }

    String body() {
        return body.toString();
    }

    /** The ids of the records the batch created, as the change id. */
    static String changeId(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.path("posts").forEach(r -> ids.add(r.path("id").asText()));
        return "cloudflare-batch:" + String.join(",", ids);
    }
}
