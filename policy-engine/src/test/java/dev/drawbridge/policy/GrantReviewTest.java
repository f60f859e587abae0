package dev.drawbridge.policy;

import static dev.drawbridge.policy.Fixtures.columns;
import static dev.drawbridge.policy.Fixtures.grant;
import static dev.drawbridge.policy.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.RuleConfig;
import dev.drawbridge.policy.review.GrantReview;
import dev.drawbridge.policy.review.Recommendation;
import dev.drawbridge.policy.review.Unused;
import dev.drawbridge.policy.review.Use;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Access review of one grant: unused permissions and the least-privilege recommendation. */
class GrantReviewTest {

  static final Instant T = Instant.parse("2026-11-01T00:00:00Z");

  @Test
  void aGrantNothingUsedIsRecommendedForRevocation() {
    GrantConfig grant = grant("g").allow(rule("read", "public.*")).config();
    GrantReview review = GrantReview.of(grant, List.of(), 0);
    assertThat(review.recommendation()).isInstanceOf(Recommendation.Revoke.class);
    assertThat(review.unused())
        .containsExactly(new Unused(0, "read", List.of("public.*"), List.of()));
  }

  @Test
  void approvalsUnderItsReviewRulesCountAsUse() {
    GrantConfig grant =
        grant("g")
            .allow(rule("read", "public.orders"))
            .review(rule("write", "public.orders"))
            .config();
    GrantReview review = GrantReview.of(grant, List.of(), 3);
    assertThat(review.recommendation()).isInstanceOf(Recommendation.Narrow.class);
    assertThat(((Recommendation.Narrow) review.recommendation()).narrowed().review())
        .isEqualTo(grant.review());
  }

  @Test
  void aGrantUsedInFullIsCertified() {
    GrantConfig grant = grant("g").allow(rule("read,write", "public.orders")).config();
    GrantReview review =
        GrantReview.of(
            grant, List.of(use("read", "public.orders"), use("write", "public.orders")), 0);
    assertThat(review.unused()).isEmpty();
    assertThat(review.recommendation()).isInstanceOf(Recommendation.Certify.class);
  }

  @Test
  void globsAreNarrowedToTheTablesUsedAndUnusedActionsDropped() {
    GrantConfig grant =
        grant("g").allow(rule("read,write", "sales.*", "public.orders"), rule("session")).config();
    GrantReview review =
        GrantReview.of(
            grant,
            List.of(
                use("read", "sales.invoices"),
                use("read", "sales.customers"),
                use("write", "sales.invoices"),
                use("session", "")),
            0);

    assertThat(review.unused())
        .containsExactly(
            new Unused(0, "read", List.of("public.orders"), List.of(), List.of("sales.*")),
            new Unused(0, "write", List.of("public.orders"), List.of(), List.of("sales.*")));
    GrantConfig narrowed = ((Recommendation.Narrow) review.recommendation()).narrowed();
    assertThat(narrowed.allow())
        .containsExactlyInAnyOrder(
            new RuleConfig(List.of("read", "write"), List.of("sales.invoices"), List.of()),
            new RuleConfig(List.of("read"), List.of("sales.customers"), List.of()),
            new RuleConfig(List.of("session"), List.of(), List.of()));
    assertThat(narrowed.id()).isEqualTo("g");
    assertThat(narrowed.expires()).isEqualTo(grant.expires());
  }

  @Test
  void columnRulesAreNarrowedToTheColumnsUsed() {
    GrantConfig grant =
        grant("g").allow(columns(rule("read", "public.customers"), "id", "name", "email")).config();
    GrantReview review =
        GrantReview.of(grant, List.of(use("read", "public.customers", "id", "name")), 0);
    assertThat(review.unused()).containsExactly(new Unused(0, "read", List.of(), List.of("email")));
    assertThat(((Recommendation.Narrow) review.recommendation()).narrowed().allow())
        .containsExactly(
            new RuleConfig(List.of("read"), List.of("public.customers"), List.of("id", "name")));
  }

  @Test
  void aRuleWithoutTablesUnusedForAnActionIsReported() {
    GrantConfig grant = grant("g").allow(rule("read", "public.orders"), rule("ddl")).config();
    GrantReview review = GrantReview.of(grant, List.of(use("read", "public.orders")), 0);
    assertThat(review.unused()).containsExactly(new Unused(1, "ddl", List.of(), List.of()));
    assertThat(((Recommendation.Narrow) review.recommendation()).narrowed().allow())
        .containsExactly(new RuleConfig(List.of("read"), List.of("public.orders"), List.of()));
  }

  @Test
  void usesNoRuleOfTheGrantCoversAnyMoreAreNotCarriedIntoTheNarrowedGrant() {
    GrantConfig grant =
        grant("g").allow(rule("read", "public.orders"), rule("write", "public.x")).config();
    GrantReview review =
        GrantReview.of(
            grant, List.of(use("read", "public.orders"), use("read", "public.secrets")), 0);
    assertThat(((Recommendation.Narrow) review.recommendation()).narrowed().allow())
        .containsExactly(new RuleConfig(List.of("read"), List.of("public.orders"), List.of()));
  }

  @Test
  void aGlobUsedOnSomeOfItsTablesIsNarrowedToThem() {
    GrantConfig grant = grant("g").allow(rule("read", "public.rv_*")).config();
    GrantReview review =
        GrantReview.of(grant, List.of(use("read", "public.rv_a"), use("read", "public.rv_b")), 0);
    assertThat(review.unused())
        .containsExactly(new Unused(0, "read", List.of(), List.of(), List.of("public.rv_*")));
    assertThat(((Recommendation.Narrow) review.recommendation()).narrowed().allow())
        .containsExactly(
            new RuleConfig(List.of("read"), List.of("public.rv_a", "public.rv_b"), List.of()));
  }

  @Test
  void aRuleWithoutTablesUsedOnOneTableIsNarrowedToIt() {
    GrantConfig grant = grant("g").allow(rule("read")).config();
    GrantReview review = GrantReview.of(grant, List.of(use("read", "public.orders")), 0);
    assertThat(review.unused())
        .containsExactly(new Unused(0, "read", List.of(), List.of(), List.of("*")));
    assertThat(review.recommendation()).isInstanceOf(Recommendation.Narrow.class);
  }

  @Test
  void exactTablesUsedInFullStayCertified() {
    GrantConfig grant = grant("g").allow(rule("read", "public.a", "public.b")).config();
    GrantReview review =
        GrantReview.of(grant, List.of(use("read", "public.a"), use("read", "public.b")), 0);
    assertThat(review.unused()).isEmpty();
    assertThat(review.recommendation()).isInstanceOf(Recommendation.Certify.class);
  }

  private static Use use(String action, String qualified, String... columns) {
    int dot = qualified.indexOf('.');
    return new Use(
        action,
        dot < 0 ? "" : qualified.substring(0, dot),
        dot < 0 ? qualified : qualified.substring(dot + 1),
        Set.of(columns),
        2,
        T,
        List.of("01a2-event"));
  }
}
