package io.saasagent.dns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.saasagent.config.AgentConfig;
import io.saasagent.config.Secrets;
import io.saasagent.support.HttpCalls;
import io.saasagent.support.Redactor;
import io.saasagent.support.Retrier;
import io.saasagent.support.RetryPolicy;
import io.saasagent.support.Sleeper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Cloudflare's v4 API with an API token: {@code GET /zones/{zone}/dns_records/{id}} (or by name and
 * type) to read, {@code PATCH /zones/{zone}/dns_records/{id}} with {@code {"content","ttl"}} to write,
 * {@code POST /zones/{zone}/dns_records/batch} to swap ({@link CloudflareSwap}, and its read-then-batch gap).
 * Answers are Cloudflare's envelope ({@code success, errors, messages, result}), read with Jackson's
 * tree model (no bound classes: nothing to register for native). 429 and 5xx are retried, honouring
 * Retry-After; 401/403 are "unauthorized" and never quote the token. TTL 1 is Cloudflare's
 * "automatic" and a proxied record always has it: such a record compares on content alone, and a write
 * keeps {@code proxied} as it was (Cloudflare answers a proxied address, never the origin, to clients).
 */
public final class CloudflareProvider implements DnsProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Cloudflare's codes for a bad, expired or under-privileged token. */
    private static final Set<Integer> AUTH_CODES = Set.of(10000, 9103, 9106, 9109, 6111);

    public record Settings(URI apiUrl, String zoneId, String recordId, Duration timeout) {
        public static Settings from(AgentConfig.Cloudflare c) {
            String base = c.apiUrl().strip();
            return new Settings(URI.create(base.endsWith("/") ? base : base + "/"),
                    c.zoneId().orElseThrow(() -> new IllegalArgumentException("agent.failover.cloudflare.zone-id is required")),
                    c.recordId().filter(id -> !id.isBlank()).orElse(null), c.timeout());
        }
    }

    private final HttpClient http;
    private final Settings settings;
    private final String token;
    private final Retrier retrier;
    private final Clock clock;

    public CloudflareProvider(HttpClient http, Settings settings, String token, Retrier retrier, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.token = token;
        this.retrier = retrier;
        this.clock = clock;
    }

    /** The provider as configured: the token resolved from env or file and registered with the Redactor. */
    public static CloudflareProvider create(AgentConfig.Failover f, Clock clock, Sleeper sleeper) {
        AgentConfig.Cloudflare c = f.cloudflare();
        String token = Secrets.resolve(c.apiToken(), c.apiTokenFile()).orElseThrow(() ->
                new IllegalArgumentException("agent.failover.cloudflare.api-token (or api-token-file) is required"));
        return new CloudflareProvider(HttpCalls.client(c.timeout()), Settings.from(c), token,
                new Retrier(RetryPolicy.dnsApi(c.maxAttempts()), sleeper), clock);
    }

    @Override
    public String id() {
        return "cloudflare";
    }

    @Override
    public Optional<DnsRecord> read(String name, String type) throws DnsException {
        List<JsonNode> records = records(name, type);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = records.get(0);
        long ttl = first.path("proxied").asBoolean(false) ? DnsRecord.AUTOMATIC_TTL : first.path("ttl").asLong(DnsRecord.AUTOMATIC_TTL);
        return Optional.of(new DnsRecord(name, type, records.stream().map(r -> r.path("content").asText()).toList(), ttl, null, null));
    }

    @Override
    public List<String> ownership(String name) throws DnsException {
        return byName(name, "TXT").stream().map(r -> DnsRecord.unquoted(r.path("content").asText())).toList();
    }

    @Override
    public String write(DnsRecord record) throws DnsException {
        if (record.values().size() != 1) {
            throw new DnsException("cloudflare: one record holds one value; got " + record.values().size(), false);
        }
        JsonNode current = onlyRecord(record.name(), record.type());
        String id = current.path("id").asText();
        ObjectNode body = JSON.createObjectNode().put("content", record.values().get(0));
        if (current.path("proxied").asBoolean(false)) {
            body.put("proxied", true); // as it was: a proxied record's TTL is Cloudflare's own
        } else {
            body.put("ttl", record.ttl());
        }
        // One attempt: DnsActuator retries busy answers with the fence asked before each.
        JsonNode result = call(request(recordPath(id)).method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())), false);
        return result.path("id").asText(id) + "@" + result.path("modified_on").asText("");
    }

    /**
     * One batch ({@link CloudflareSwap}): the current records' deletes by id and the new records' posts, all or nothing.
     * Not atomic against a PATCH of the same record id between the read and the batch (not seen; see CloudflareSwap).
     */
    @Override
    public String swap(RecordSwap swap) throws DnsException {
        if (settings.recordId() != null) {
            throw new DnsException("cloudflare: a compare-and-set replaces the records (new ids): unset "
                    + "agent.failover.cloudflare.record-id so the record is found by name and type", false);
        }
        CloudflareSwap batch = new CloudflareSwap();
        for (RecordSwap.Change change : swap.changes()) {
            batch.add(change, byName(change.after().name(), change.after().type()));
        }
        // One attempt, like write: DnsActuator retries busy answers.
        JsonNode result = call(request("zones/" + settings.zoneId() + "/dns_records/batch")
                .POST(HttpRequest.BodyPublishers.ofString(batch.body())), false, CloudflareSwap.LOST);
        return CloudflareSwap.changeId(result);
    }

    /** With record-id: that record (and it must be the one asked for); without: the records of that name and type. */
    private List<JsonNode> records(String name, String type) throws DnsException {
        if (settings.recordId() == null) {
            return byName(name, type);
        }
        JsonNode record = call(request(recordPath(settings.recordId())).GET());
        if (!DnsRecord.absolute(record.path("name").asText()).equalsIgnoreCase(DnsRecord.absolute(name))
                || !type.equalsIgnoreCase(record.path("type").asText())) {
            throw new DnsException("cloudflare: record-id " + settings.recordId() + " is " + record.path("name").asText() + " "
                    + record.path("type").asText() + ", not " + name + " " + type + ": check agent.failover.cloudflare.record-id", false);
        }
        return List.of(record);
    }

    private List<JsonNode> byName(String name, String type) throws DnsException {
        String bare = DnsRecord.absolute(name).replaceAll("\\.$", "");
        JsonNode result = call(request("zones/" + settings.zoneId() + "/dns_records?type=" + encode(type) + "&name=" + encode(bare)
                + "&per_page=100").GET());
        if (!result.isArray()) {
            throw new DnsException("cloudflare: malformed answer: the record list is not an array", false);
        }
        return StreamSupport.stream(result.spliterator(), false).toList();
    }

    private JsonNode onlyRecord(String name, String type) throws DnsException {
        List<JsonNode> found = records(name, type);
        if (found.size() != 1) {
            throw new DnsException("cloudflare: " + found.size() + " " + type + " records named " + name
                    + "; set agent.failover.cloudflare.record-id to the one to move", false);
        }
        return found.get(0);
    }

    private String recordPath(String id) {
        return "zones/" + settings.zoneId() + "/dns_records/" + encode(id);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(settings.apiUrl().resolve(path))
                .timeout(settings.timeout())
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json");
    }

    /** One read, retried when busy; the envelope's result on success. */
    private JsonNode call(HttpRequest.Builder builder) throws DnsException {
        return call(builder, true);
    }

    private JsonNode call(HttpRequest.Builder builder, boolean retried) throws DnsException {
        return call(builder, retried, Set.of());
    }

    /** @param lost error codes that mean another writer moved first ({@link DnsException.CasLost}) */
    private JsonNode call(HttpRequest.Builder builder, boolean retried, Set<Integer> lost) throws DnsException {
        HttpRequest request = builder.build();
        if (retried) {
            return retrier.call(() -> result(HttpCalls.send(http, request, clock, CloudflareProvider::describe), lost),
                    reason -> new DnsException(reason, true));
        }
        try {
            return result(HttpCalls.send(http, request, clock, CloudflareProvider::describe), lost);
        } catch (Retrier.Again busy) {
            throw new DnsException(busy.getMessage(), true, busy.after());
        }
    }

    @Override
    public RetryPolicy writePolicy() {
        return retrier.policy();
    }

    private static JsonNode result(HttpResponse<String> response, Set<Integer> lost) throws DnsException {
        int status = response.statusCode();
        JsonNode envelope = envelope(response.body());
        if (status == 401 || status == 403 || (envelope != null && errorCodes(envelope).stream().anyMatch(AUTH_CODES::contains))) {
            throw new DnsException(Redactor.redact("cloudflare: unauthorized (" + describe(response)
                    + "): check agent.failover.cloudflare.api-token and that it may edit DNS in the zone"), false);
        }
        if (envelope == null) {
            throw new DnsException("cloudflare: malformed answer (HTTP " + status + "): " + HttpCalls.excerpt(response.body()), false);
        }
        if (status >= 300 || !envelope.path("success").asBoolean(false)) {
            if (errorCodes(envelope).stream().anyMatch(lost::contains)) {
                throw new DnsException.CasLost(Redactor.redact("cloudflare: " + describe(response)));
            }
            throw new DnsException(Redactor.redact("cloudflare: " + describe(response)), false);
        }
        JsonNode result = envelope.path("result");
        if (result.isMissingNode() || result.isNull()) {
            throw new DnsException("cloudflare: malformed answer (HTTP " + status + "): success without a result", false);
        }
        return result;
    }

    /** "HTTP 403, 10000 Authentication error", or the body's first characters when it is not an envelope. */
    private static String describe(HttpResponse<String> response) {
        JsonNode envelope = envelope(response.body());
        StringBuilder out = new StringBuilder("HTTP " + response.statusCode());
        if (envelope == null) {
            return out.append(": ").append(HttpCalls.excerpt(response.body())).toString();
        }
        for (JsonNode error : envelope.path("errors")) {
            out.append(", ").append(error.path("code").asText()).append(' ').append(error.path("message").asText());
            for (JsonNode cause : error.path("error_chain")) {
                out.append(" (").append(cause.path("code").asText()).append(' ').append(cause.path("message").asText()).append(')');
            }
        }
        return out.toString();
    }

    private static List<Integer> errorCodes(JsonNode envelope) {
        List<Integer> codes = new ArrayList<>();
        for (JsonNode error : envelope.path("errors")) {
            codes.add(error.path("code").asInt());
            error.path("error_chain").forEach(cause -> codes.add(cause.path("code").asInt()));
        }
        return codes;
    }

    /** The envelope, or null when the body is not one (an HTML error page from a proxy, say). */
    private static JsonNode envelope(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : JSON.readTree(body);
            return node != null && node.isObject() && node.has("success") ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Retries made so far (429, 5xx, connection failures). */
    public long retries() {
        return retrier.retries();
    }
}
