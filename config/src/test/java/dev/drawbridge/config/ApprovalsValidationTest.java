package dev.drawbridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code approvals} section: wait and grant limits, and the webhooks that are notified. */
class ApprovalsValidationTest {

  private static final String TOKEN = "Bearer s3cr3t-hook-token";
  private static final String SLACK_URL = "https://hooks.slack.com/services/T0/B0/sl4ck-t0ken";

  @TempDir Path dir;
  Fixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new Fixture(dir);
    fixture.env.put("HOOK_TOKEN", TOKEN);
    fixture.env.put("SLACK_URL", SLACK_URL);
    fixture.env.put("BROKEN", "line\r\nInjected: yes");
  }

  @Test
  void withoutTheSectionApprovalsWaitFiveMinutesAndNotifyNobody() throws ConfigException {
    ApprovalsConfig approvals = fixture.load(Fixture.VALID_CORE).config().approvals();

    assertThat(approvals.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(approvals.maxGrant()).isEqualTo(Duration.ofHours(24));
    assertThat(approvals.webhooks()).isEmpty();
    assertThat(new ApprovalsConfig(Duration.ofMinutes(1), Duration.ofHours(1)).webhooks())
        .isEmpty();
  }

  @Test
  void webhooksLoadWithTheirDefaultsAndSecretHeaders() throws ConfigException {
    LoadedConfig loaded =
        fixture.load(
            """
            approvals:
              timeout: 2m
              webhooks:
                - url: "https://hooks.example.com/drawbridge"
                  headers: { Authorization: "${env:HOOK_TOKEN}", X-Team: "${env:HOOK_TOKEN}" }
                - { url: "${env:SLACK_URL}", format: slack, events: decided }
            """);

    List<WebhookConfig> webhooks = loaded.config().approvals().webhooks();
    assertThat(loaded.warnings()).isEmpty();
    assertThat(loaded.config().approvals().timeout()).isEqualTo(Duration.ofMinutes(2));
    WebhookConfig json = webhooks.get(0);
    assertThat(json.format()).isEqualTo(WebhookConfig.Format.JSON);
    assertThat(json.events())
        .containsExactly(WebhookConfig.Event.REQUESTED, WebhookConfig.Event.DECIDED);
    assertThat(json.headers()).containsOnlyKeys("Authorization", "X-Team");
    assertThat(json.headers().get("Authorization").reveal()).isEqualTo(TOKEN);
    assertThat(json.toString()).doesNotContain("s3cr3t");
    WebhookConfig slack = webhooks.get(1);
    assertThat(slack.url()).isEqualTo(SLACK_URL);
    assertThat(slack.format()).isEqualTo(WebhookConfig.Format.SLACK);
    assertThat(slack.events()).containsExactly(WebhookConfig.Event.DECIDED);
    assertThat(slack.headers()).isEmpty();
  }

  @Test
  void urlsMustBeHttpWithAHostAndAreNeverQuoted() {
    fixture.env.put("FTP_URL", "ftp://files.example.com/t0ken");
    List<String> errors =
        fixture.errors(
            """
            approvals:
              webhooks:
                - { url: "${env:FTP_URL}" }
                - { url: "hooks.example.com/x" }
                - { url: "https:///no-host" }
                - { url: "https://hooks.example.com/a b" }
                - { format: json }
            """);

    assertThat(errors)
        .containsExactly(
            "approvals.webhooks[4].url: is required",
            "approvals.webhooks[0].url: must be an https:// or http:// URL, such as"
                + " https://hooks.example.com/drawbridge",
            "approvals.webhooks[1].url: must be an https:// or http:// URL, such as"
                + " https://hooks.example.com/drawbridge",
            "approvals.webhooks[2].url: the URL has no host",
            "approvals.webhooks[3].url: not a valid URL (Illegal character in path)");
    assertThat(String.join("\n", errors)).doesNotContain("t0ken");
  }

  @Test
  void plainHttpIsAWarningExceptOnLoopback() throws ConfigException {
    LoadedConfig loaded =
        fixture.load(
            """
            approvals:
              webhooks:
                - { url: "http://hooks.internal:8080/x" }
                - { url: "http://127.0.0.1:9000/x" }
            """);

    assertThat(Fixture.strings(loaded.warnings()))
        .containsExactly(
            "approvals.webhooks[0].url: plain http to hooks.internal: statements, approval ids"
                + " and any headers cross the network unencrypted; use https://");
  }

  @Test
  void formatsAndEventsMustBeKnown() {
    assertThat(
            fixture.errors(
                """
                approvals:
                  webhooks:
                    - { url: "https://h.example.com/", format: slak }
                    - { url: "https://h.example.com/", events: [requested, approved] }
                    - { url: "https://h.example.com/", events: [] }
                """))
        .containsExactly(
            "approvals.webhooks[0].format: must be one of json, slack, got \"slak\"; did you"
                + " mean 'slack'?",
            "approvals.webhooks[1].events[1]: must be one of requested, decided, got"
                + " \"approved\"",
            "approvals.webhooks[2].events: must name at least one of requested, decided (leave"
                + " it out for both)");
  }

  @Test
  void headerNamesMustBeValidAndValuesAreSecretsNeverShown() {
    List<String> problems =
        fixture
            .failure(
                fixture.write(
                    "drawbridge.yaml",
                    """
            approvals:
              webhooks:
                - url: "https://h.example.com/"
                  headers:
                    Authorization: "${env:HOOK_TOKEN}"
                    authorization: "${env:HOOK_TOKEN}"
                    "Bad Name": "${env:HOOK_TOKEN}"
                    Content-Type: "${env:HOOK_TOKEN}"
                    X-Broken: "${env:BROKEN}"
                    X-Nested: { a: b }
                    X-Literal: written-into-the-file
            """))
            .problems()
            .stream()
            .map(p -> (p.isError() ? "error: " : "warning: ") + p)
            .toList();

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "error: approvals.webhooks[0].headers.X-Nested: expected a string, got a mapping",
            "warning: approvals.webhooks[0].headers.X-Literal: a secret written into the file;"
                + " reference it with ${env:NAME} or ${file:PATH}",
            "error: approvals.webhooks[0].headers.authorization: the same header as"
                + " approvals.webhooks[0].headers.Authorization (header names ignore case)",
            "error: approvals.webhooks[0].headers.Bad Name: not a valid HTTP header name",
            "error: approvals.webhooks[0].headers.Content-Type: the gateway sets this header"
                + " itself; leave it out",
            "error: approvals.webhooks[0].headers.X-Broken: must not be empty or contain line"
                + " breaks or control characters");
    assertThat(String.join("\n", problems))
        .doesNotContain("s3cr3t")
        .doesNotContain("Injected")
        .doesNotContain("written-into-the-file");
  }

  @Test
  void atMostSixteenWebhooks() {
    String many =
        IntStream.range(0, 17)
            .mapToObj(i -> "    - { url: \"https://h.example.com/" + i + "\" }\n")
            .collect(Collectors.joining());

    assertThat(fixture.errors("approvals:\n  webhooks:\n" + many))
        .containsExactly("approvals.webhooks: at most 16 webhooks, got 17");
  }
}
