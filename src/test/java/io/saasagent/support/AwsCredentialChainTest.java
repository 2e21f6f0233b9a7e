package io.saasagent.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasagent.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each source of {@link AwsCredentialChain} on WireMock, in the answers' real shapes (STS XML, container and IMDS JSON). */
@Timeout(30)
class AwsCredentialChainTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String SESSION = "IQoJb3JpZ2luX2VjEPr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDcanaryToken";
    private static final String ROLE = "arn:aws:iam::111122223333:role/saas-agent";

    @TempDir
    Path dir;
    private WireMockServer server;
    private MutableClock clock;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        clock = new MutableClock(Instant.parse("2026-12-02T04:00:00Z"));
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private AwsCredentialChain chain() {
        URI base = URI.create("http://127.0.0.1:" + server.port());
        return new AwsCredentialChain(null, env, new AwsCredentialChain.Endpoints(base.resolve("/sts/"), base, base, Duration.ofSeconds(5)), clock);
    }

    private static String json(String expiration) {
        return "{\"AccessKeyId\":\"ASIAIOSFODNN7EXAMPLE\",\"SecretAccessKey\":\"" + SECRET + "\",\"Token\":\"" + SESSION
                + "\",\"Expiration\":\"" + expiration + "\"}";
    }

    private static String assumeRoleAnswer(String expiration) {
        return "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<AssumeRoleWithWebIdentityResult><Audience>sts.amazonaws.com</Audience>"
                + "<AssumedRoleUser><AssumedRoleId>AROACLKWSDQRAOEXAMPLE:saas-agent</AssumedRoleId><Arn>" + ROLE + "</Arn></AssumedRoleUser>"
                + "<Provider>arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE</Provider>"
                + "<Credentials><SessionToken>" + SESSION + "</SessionToken><SecretAccessKey>" + SECRET + "</SecretAccessKey>"
                + "<Expiration>" + expiration + "</Expiration><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId></Credentials>"
                + "<SubjectFromWebIdentityToken>system:serviceaccount:saas:saas-agent</SubjectFromWebIdentityToken>"
                + "</AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId>"
                + "</ResponseMetadata></AssumeRoleWithWebIdentityResponse>";
    }

    @Test
    void staticKeysComeFirst() {
        env.put("AWS_ACCESS_KEY_ID", "AKIAENVENVENVEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "env-secret");
        AwsCredentialChain c = new AwsCredentialChain(new SigV4.Credentials("AKIASTATICEXAMPLE", "static", null), env,
                AwsCredentialChain.Endpoints.AWS, clock);
        assertThat(c.get().accessKeyId()).isEqualTo("AKIASTATICEXAMPLE");
        assertThat(AwsCredentialChain.standard(Optional.of(" AKIAX "), Optional.of("s")).get().accessKeyId()).isEqualTo("AKIAX");
    }

    @Test
    void theEnvironmentWithASessionToken() {
        env.put("AWS_ACCESS_KEY_ID", "AKIAENVENVENVEXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "env-secret");
        env.put("AWS_SESSION_TOKEN", "env-token");
        SigV4.Credentials c = chain().get();
        assertThat(c.accessKeyId()).isEqualTo("AKIAENVENVENVEXAMPLE");
        assertThat(c.secretAccessKey()).isEqualTo("env-secret");
        assertThat(c.sessionToken()).isEqualTo("env-token");
        assertThat(server.getAllServeEvents()).as("nothing asked of any server").isEmpty();
    }

    @Test
    void webIdentityAssumesTheRoleWithTheTokenFileAndCachesUntilFiveMinutesBeforeExpiration() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.projected.token\n");
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        env.put("AWS_ROLE_ARN", ROLE);
        env.put("AWS_ROLE_SESSION_NAME", "saas-agent");
        server.stubFor(post(urlPathEqualTo("/sts/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody(assumeRoleAnswer("2026-12-02T05:00:00Z"))));
        AwsCredentialChain chain = chain();

        SigV4.Credentials c = chain.get();

        assertThat(c.accessKeyId()).isEqualTo("ASIAIOSFODNN7EXAMPLE");
        assertThat(c.secretAccessKey()).isEqualTo(SECRET);
        assertThat(c.sessionToken()).isEqualTo(SESSION);
        server.verify(postRequestedFor(urlPathEqualTo("/sts/"))
                .withRequestBody(containing("Action=AssumeRoleWithWebIdentity"))
                .withRequestBody(containing("RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2Fsaas-agent"))
                .withRequestBody(containing("RoleSessionName=saas-agent"))
                .withRequestBody(containing("WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.projected.token"))
                .withoutHeader("Authorization"));
        clock.advance(Duration.ofMinutes(54));
        chain.get();
        assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/sts/")))).as("cached at 54 min").hasSize(1);
        clock.advance(Duration.ofMinutes(1));
        chain.get();
        assertThat(server.findAll(postRequestedFor(urlPathEqualTo("/sts/")))).as("refreshed 5 min before it expires").hasSize(2);
    }

    @Test
    void aRefusedWebIdentityIsNamedWithoutTheToken() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "eyJcanary.web.identity.token");
        env.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        env.put("AWS_ROLE_ARN", ROLE);
        server.stubFor(post(urlPathEqualTo("/sts/")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        + "<Code>InvalidIdentityToken</Code><Message>No OpenIDConnect provider found in your account for "
                        + "https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE</Message></Error>"
                        + "<RequestId>c0f9f4ab-0000-4f1d-9a6e-EXAMPLE</RequestId></ErrorResponse>")));

        assertThatThrownBy(() -> chain().get()).isInstanceOf(AwsCredentialChain.Unavailable.class)
                .hasMessageContaining("web identity").hasMessageContaining("400 InvalidIdentityToken")
                .hasMessageContaining(ROLE).hasMessageNotContaining("eyJcanary");
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/latest/api/token")))).as("no fall-through to the node's role").isEmpty();
    }

    @Test
    void podIdentityReadsTheContainerEndpointWithTheTokenFile() throws Exception {
        Path token = Files.writeString(dir.resolve("eks-pod-identity-token"), "pod-identity-token-canary\n");
        env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + server.port() + "/v1/credentials");
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token.toString());
        server.stubFor(get(urlEqualTo("/v1/credentials")).withHeader("Authorization", equalTo("pod-identity-token-canary"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(json("2026-12-02T10:00:00Z").replace("}", ",\"AccountId\":\"111122223333\"}"))));

        SigV4.Credentials c = chain().get();

        assertThat(c.accessKeyId()).isEqualTo("ASIAIOSFODNN7EXAMPLE");
        assertThat(c.sessionToken()).isEqualTo(SESSION);
    }

    @Test
    void ecsRelativeUriIsAskedOnTheContainerHost() {
        env.put("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/4f1c1e0e-EXAMPLE");
        server.stubFor(get(urlEqualTo("/v2/credentials/4f1c1e0e-EXAMPLE")).willReturn(aResponse().withStatus(200)
                .withBody("{\"RoleArn\":\"" + ROLE + "\"," + json("2026-12-02T10:00:00Z").substring(1))));

        assertThat(chain().get().secretAccessKey()).isEqualTo(SECRET);
    }

    @Test
    void instanceMetadataV2IsTheLastSource() {
        server.stubFor(put(urlEqualTo("/latest/api/token")).withHeader("X-aws-ec2-metadata-token-ttl-seconds", equalTo("21600"))
                .willReturn(aResponse().withStatus(200).withBody("AQAEAimdsSessionTokenEXAMPLE==")));
        server.stubFor(get(urlEqualTo("/latest/meta-data/iam/security-credentials/"))
                .withHeader("X-aws-ec2-metadata-token", equalTo("AQAEAimdsSessionTokenEXAMPLE=="))
                .willReturn(aResponse().withStatus(200).withBody("saas-agent-node")));
        server.stubFor(get(urlEqualTo("/latest/meta-data/iam/security-credentials/saas-agent-node"))
                .withHeader("X-aws-ec2-metadata-token", equalTo("AQAEAimdsSessionTokenEXAMPLE=="))
                .willReturn(aResponse().withStatus(200).withBody("{\"Code\":\"Success\",\"LastUpdated\":\"2026-12-02T03:58:00Z\","
                        + "\"Type\":\"AWS-HMAC\"," + json("2026-12-02T10:12:00Z").substring(1))));

        SigV4.Credentials c = chain().get();

        assertThat(c.accessKeyId()).isEqualTo("ASIAIOSFODNN7EXAMPLE");
        assertThat(c.sessionToken()).isEqualTo(SESSION);
    }

    @Test
    void nothingAnywhereIsASafeErrorAndDisabledMetadataIsNotAsked() {
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        assertThatThrownBy(() -> chain().get()).isInstanceOf(AwsCredentialChain.Unavailable.class).hasMessageContaining("no AWS credentials");
        assertThat(server.getAllServeEvents()).isEmpty();

        env.remove("AWS_EC2_METADATA_DISABLED");
        env.put("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1"); // no metadata service
        assertThatThrownBy(() -> chain().get()).isInstanceOf(AwsCredentialChain.Unavailable.class).hasMessageContaining("no AWS credentials");
    }

    @Test
    void theStsEndpointIsRegional() {
        AwsCredentialChain.Endpoints aws = AwsCredentialChain.Endpoints.AWS;
        env.put("AWS_REGION", "eu-west-1");
        assertThat(new AwsCredentialSources(env, aws, clock).sts()).hasToString("https://sts.eu-west-1.amazonaws.com/");
        env.put("AWS_STS_REGIONAL_ENDPOINTS", "legacy");
        assertThat(new AwsCredentialSources(env, aws, clock).sts()).hasToString("https://sts.amazonaws.com/");
    }
}
