package dev.drawbridge.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.LimitsConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.policy.review.ItemDecision;
import dev.drawbridge.policy.review.ReviewItem;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The configuration file's patch: remove, replace and set entries that read back as grants. */
class GrantsPatchTest {

  static final Instant T = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void decisionsOnFileGrantsBecomeEntriesAndRunTimeGrantsAreLeftOut() throws Exception {
    GrantConfig wide = grant("wide", List.of(rule("read", "public.*")));
    GrantConfig narrowed = grant("wide", List.of(rule("read", "public.orders", "public.\"a b\"")));
    AccessReviews.View view =
        new AccessReviews.View(
            new Campaign("Q4", List.of(), List.of(), T.minusSeconds(60), T, "rita", T, "[]"),
            List.of(
                item("wide", "file", wide, narrowed, decision("narrow", null)),
                item("unused", "file", grant("unused", List.of()), null, decision("revoke", null)),
                item(
                    "later",
                    "file",
                    grant("later", List.of()),
                    null,
                    decision("extend", ReviewDecision.end("2027-06-30"))),
                item("kept", "file", grant("kept", List.of()), null, decision("certify", null)),
                item(
                    "jit-1",
                    "temporary",
                    grant("jit-1", List.of()),
                    null,
                    decision("revoke", null)),
                item("open", "file", grant("open", List.of()), null, null)));

    GrantsPatch patch = GrantsPatch.of(view);
    JsonNode yaml = new YAMLMapper().readTree(patch.yaml());

    assertThat(yaml.path("remove").size()).isEqualTo(1);
    assertThat(yaml.path("remove").get(0).path("id").asText()).isEqualTo("unused");
    JsonNode replaced = yaml.path("replace").get(0);
    assertThat(replaced.path("id").asText()).isEqualTo("wide");
    assertThat(replaced.path("subject").path("agent").asText()).isEqualTo("bot");
    assertThat(replaced.path("allow").get(0).path("tables").get(1).asText())
        .isEqualTo("public.\"a b\"");
    assertThat(replaced.path("review").get(0).path("timeout").asText()).isEqualTo("PT5M");
    assertThat(replaced.path("limits").path("rowsPerStatement").asInt()).isEqualTo(100);
    assertThat(replaced.path("expires").asText()).isEqualTo("2099-12-31");
    assertThat(yaml.path("set").get(0).path("id").asText()).isEqualTo("later");
    assertThat(yaml.path("set").get(0).path("expires").asText()).isEqualTo("2027-06-30");
    assertThat(patch.yaml()).doesNotContain("jit-1").doesNotContain("kept").doesNotContain("open");
    assertThat(patch.changes()).hasSize(3);
  }

  private static RuleConfig rule(String action, String... tables) {
    return new RuleConfig(List.of(action), List.of(tables), List.of());
  }

  private static GrantConfig grant(String id, List<RuleConfig> allow) {
    return new GrantConfig(
        id,
        new SubjectConfig("bot", null),
        "shop",
        allow,
        List.of(
            new RuleConfig(
                List.of("write"), List.of("public.orders"), List.of(), Duration.ofMinutes(5))),
        List.of(),
        new LimitsConfig(100),
        "alice@example.com",
        "why",
        LocalDate.of(2099, 12, 31));
  }

  private static ItemDecision decision(String decision, Instant until) {
    return new ItemDecision(
        decision,
        "rita@example.com",
        T,
        "",
        until,
        decision.equals("certify") ? "recorded" : "patch",
        "01a2-event");
  }

  private static ReviewItem item(
      String id, String kind, GrantConfig grant, GrantConfig narrowed, ItemDecision decision) {
    String recommendation =
        narrowed == null
            ? "{\"kind\":\"revoke\"}"
            : "{\"kind\":\"narrow\",\"grant\":" + GrantJson.write(narrowed) + "}";
    return new ReviewItem(
        "Q4",
        id,
        kind,
        GrantJson.write(grant).toString(),
        null,
        "{}",
        "[]",
        recommendation,
        0,
        decision);
  }
}
