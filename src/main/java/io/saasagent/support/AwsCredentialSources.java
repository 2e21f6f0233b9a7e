package io.saasagent.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS credential sources that ask a server ({@link AwsCredentialChain}'s order): STS AssumeRoleWithWebIdentity
 * (an unsigned form POST, XML answer), the container credentials endpoint (JSON) and IMDSv2 (a token PUT, then the
 * role's JSON). Every answer's secret and token are registered with the {@link Redactor} as they arrive.
 */
final class AwsCredentialSources {
    /** IMDS is the last resort and often absent (not EC2, hop limit): a short bound, so its absence costs little. */
    static final Duration IMDS_TIMEOUT = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final AwsCredentialChain.Endpoints endpoints;
    private final Clock clock;
    private final HttpClient http;
    private final HttpClient imdsHttp;

    AwsCredentialSources(Map<String, String> env, AwsCredentialChain.Endpoints endpoints, Clock clock) {
        this.env = env;
        this.endpoints = endpoints;
        this.clock = clock;
        this.http = HttpCalls.client(endpoints.timeout());
        this.imdsHttp = HttpCalls.client(IMDS_TIMEOUT);
    }

    /** EKS IRSA: the projected token file exchanged with STS for the role's credentials. */
    AwsCredentialChain.Expiring webIdentity() {
        String role = env("AWS_ROLE_ARN");
        String token;
        try {
            token = Files.readString(Path.of(env("AWS_WEB_IDENTITY_TOKEN_FILE"))).strip();
        } catch (IOException | RuntimeException e) {
            throw new AwsCredentialChain.Unavailable("web identity: cannot read AWS_WEB_IDENTITY_TOKEN_FILE: " + e.getClass().getSimpleName());
        }
        Redactor.register(token);
        String session = Optional.ofNullable(env("AWS_ROLE_SESSION_NAME")).orElse("saas-agent-" + clock.millis());
        String form = "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=" + form(role) + "&RoleSessionName=" + form(session)
                + "&WebIdentityToken=" + form(token);
        HttpRequest request = HttpRequest.newBuilder(sts()).timeout(endpoints.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8").header("Accept", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = send(http, request, "web identity (STS AssumeRoleWithWebIdentity)");
        String body = response.body();
        if (response.statusCode() != 200) {
            throw new AwsCredentialChain.Unavailable("web identity: STS answered " + response.statusCode() + " "
                    + Optional.ofNullable(XmlText.text(body, "Code")).orElse("") + " assuming " + role
                    + Optional.ofNullable(XmlText.text(body, "Message")).map(m -> ": " + m).orElse(""));
        }
        String credentials = XmlText.text(body, "Credentials");
        return expiring("web identity", XmlText.text(credentials, "AccessKeyId"), XmlText.text(credentials, "SecretAccessKey"),
                XmlText.text(credentials, "SessionToken"), XmlText.text(credentials, "Expiration"));
    }

    /** EKS Pod Identity and ECS: the agent's endpoint, with its authorization token when one is given. */
    AwsCredentialChain.Expiring container() {
        String full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        URI uri = full != null ? URI.create(full) : endpoints.containerHost().resolve(env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(endpoints.timeout()).header("Accept", "application/json").GET();
        String tokenFile = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
        String token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
        if (tokenFile != null) {
            try {
                token = Files.readString(Path.of(tokenFile)).strip(); // read at every refresh: the file is rotated
            } catch (IOException | RuntimeException e) {
                throw new AwsCredentialChain.Unavailable("container credentials: cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: "
                        + e.getClass().getSimpleName());
            }
        }
        if (token != null) {
            Redactor.register(token);
            request.header("Authorization", token);
        }
        HttpResponse<String> response = send(http, request.build(), "container credentials");
        if (response.statusCode() != 200) {
            throw new AwsCredentialChain.Unavailable("container credentials: the endpoint answered " + response.statusCode());
        }
        return fromJson("container credentials", response.body());
    }

    /** IMDSv2; empty when there is no metadata service (not on EC2, or its hop limit keeps pods out). */
    Optional<AwsCredentialChain.Expiring> instanceMetadata() {
        URI base = Optional.ofNullable(env("AWS_EC2_METADATA_SERVICE_ENDPOINT")).map(URI::create).orElse(endpoints.imds());
        String root = base.toString().replaceAll("/+$", "");
        HttpResponse<String> token;
        try {
            token = imdsHttp.send(HttpRequest.newBuilder(URI.create(root + "/latest/api/token")).timeout(IMDS_TIMEOUT)
                    .header("X-aws-ec2-metadata-token-ttl-seconds", "21600").PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (token.statusCode() != 200) {
            return Optional.empty();
        }
        String session = token.body().strip();
        Redactor.register(session);
        String path = root + "/latest/meta-data/iam/security-credentials/";
        HttpResponse<String> roles = send(imdsHttp, imdsGet(path, session), "instance metadata");
        String role = roles.statusCode() == 200 ? roles.body().strip().lines().findFirst().orElse("").strip() : "";
        if (role.isEmpty()) {
            throw new AwsCredentialChain.Unavailable("instance metadata: no instance profile role (HTTP " + roles.statusCode() + ")");
        }
        HttpResponse<String> credentials = send(imdsHttp, imdsGet(path + role, session), "instance metadata");
        if (credentials.statusCode() != 200) {
            throw new AwsCredentialChain.Unavailable("instance metadata: the role's credentials answered " + credentials.statusCode());
        }
        return Optional.of(fromJson("instance metadata", credentials.body()));
    }

    private HttpRequest imdsGet(String uri, String session) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(IMDS_TIMEOUT).header("X-aws-ec2-metadata-token", session).GET().build();
    }

    URI sts() {
        if (endpoints.sts() != null) {
            return endpoints.sts();
        }
        String region = Optional.ofNullable(env("AWS_REGION")).orElse(env("AWS_DEFAULT_REGION"));
        boolean legacy = region == null || "legacy".equalsIgnoreCase(env("AWS_STS_REGIONAL_ENDPOINTS"));
        return URI.create(legacy ? "https://sts.amazonaws.com/" : "https://sts." + region + ".amazonaws.com" + (region.startsWith("cn-") ? ".cn/" : "/"));
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request, String source) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AwsCredentialChain.Unavailable(source + ": no answer: " + Failures.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsCredentialChain.Unavailable(source + ": interrupted");
        }
    }

    private static AwsCredentialChain.Expiring fromJson(String source, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new AwsCredentialChain.Unavailable(source + ": the answer is not JSON");
        }
        return expiring(source, node.path("AccessKeyId").asText(null), node.path("SecretAccessKey").asText(null),
                node.path("Token").asText(null), node.path("Expiration").asText(null));
    }

    private static AwsCredentialChain.Expiring expiring(String source, String key, String secret, String token, String expiration) {
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new AwsCredentialChain.Unavailable(source + ": the answer has no AccessKeyId/SecretAccessKey");
        }
        Redactor.register(secret);
        if (token != null) {
            Redactor.register(token);
        }
        Instant expires;
        try {
            expires = expiration == null || expiration.isBlank() ? null : Instant.parse(expiration.strip());
        } catch (DateTimeParseException e) {
            throw new AwsCredentialChain.Unavailable(source + ": the answer's Expiration is not a time");
        }
        return new AwsCredentialChain.Expiring(new SigV4.Credentials(key, secret, token == null || token.isBlank() ? null : token), expires);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private String env(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
