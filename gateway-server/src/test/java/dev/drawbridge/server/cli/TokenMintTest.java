package dev.drawbridge.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.ConfigLoader;
import dev.drawbridge.config.IdentityConfig;
import dev.drawbridge.core.identity.TokenAuthenticator;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.ports.AuthResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenMintTest {

  private static final String SECRET = "mint-test-secret-0123456789abcdef0123";

  @TempDir Path dir;

  @Test
  void aMintedTokenIsAcceptedByTheAuthenticatorWithItsAgentAndGroups() throws Exception {
    Path config = config(SECRET);

    Cli.Result result =
        Cli.run(
            "token",
            "mint",
            "--config",
            config.toString(),
            "--agent",
            "support-bot",
            "--group",
            "support",
            "--group",
            "oncall",
            "--ttl",
            "30m");

    assertThat(result.exit()).isZero();
    String token = result.out().strip();
    assertThat(token.split("\\.")).hasSize(3);
    assertThat(result.out()).doesNotContain(SECRET);

    AuthResult auth = authenticate(config, token);
    assertThat(auth)
        .isInstanceOfSatisfying(
            AuthResult.Authenticated.class,
            a -> {
              assertThat(a.identity().agent()).isEqualTo("support-bot");
              assertThat(a.identity().groups()).containsExactlyInAnyOrder("support", "oncall");
              assertThat(a.identity().issuer()).isEqualTo("drawbridge");
              assertThat(a.identity().method()).isEqualTo(AuthMethod.JWT);
              assertThat(a.identity().expiresAt())
                  .isBetween(
                      Instant.now().plus(Duration.ofMinutes(29)),
                      Instant.now().plus(Duration.ofMinutes(31)));
            });
  }

  @Test
  void aTokenMintedWithAnotherSecretIsRejected() throws Exception {
    Path other = dir.resolve("other");
    Files.createDirectories(other);
    Path mintedWith = config(other, "another-secret-0123456789abcdef0123456");
    String token =
        Cli.run("token", "mint", "--config", mintedWith.toString(), "--agent", "support-bot")
            .out()
            .strip();

    AuthResult auth = authenticate(config(SECRET), token);

    assertThat(auth).isInstanceOf(AuthResult.Rejected.class);
  }

  @Test
  void withoutADrawbridgeIssuerItSaysWhatToAdd() throws Exception {
    Path config = Files.writeString(dir.resolve("none.yaml"), "gateway: { name: x }\n");

    Cli.Result result = Cli.run("token", "mint", "--config", config.toString(), "--agent", "a");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("no issuer 'drawbridge' with an hmacSecret");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aBadTtlIsRefused() throws Exception {
    Cli.Result result =
        Cli.run(
            "token",
            "mint",
            "--config",
            config(SECRET).toString(),
            "--agent",
            "a",
            "--ttl",
            "soon");
    assertThat(result.exit()).isNotZero();
    assertThat(result.err()).contains("--ttl");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aTtlLongerThanThirtyDaysIsRefused() throws Exception {
    Cli.Result result =
        Cli.run(
            "token", "mint", "--config", config(SECRET).toString(), "--agent", "a", "--ttl", "31d");
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("--ttl must be positive and at most 30d");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void anIssuerThatCannotMintSaysWhyInOneLine() throws Exception {
    Path secretFile = Files.writeString(dir.resolve("hs512.secret"), SECRET);
    Path config =
        Files.writeString(
            dir.resolve("hs512.yaml"),
            """
            identity:
              issuers:
                - { issuer: drawbridge, hmacSecret: "${file:%s}", algorithms: [HS512] }
            """
                .formatted(secretFile));

    Cli.Result result = Cli.run("token", "mint", "--config", config.toString(), "--agent", "a");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("drawbridge: cannot mint: ").doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void rolesAndASubjectRoundTripThroughTheAuthenticator() throws Exception {
    Path config = config(SECRET);

    Cli.Result result =
        Cli.run(
            "token",
            "mint",
            "--config",
            config.toString(),
            "--subject",
            "alice@example.com",
            "--role",
            "approver",
            "--role",
            "auditor");

    assertThat(result.exit()).as(result.err()).isZero();
    AuthResult auth = authenticate(config, result.out().strip());
    assertThat(auth)
        .isInstanceOfSatisfying(
            AuthResult.Authenticated.class,
            a -> {
              assertThat(a.identity().subject()).isEqualTo("alice@example.com");
              assertThat(a.identity().agent()).isEqualTo("alice@example.com");
              assertThat(a.identity().roles()).containsExactlyInAnyOrder("approver", "auditor");
              assertThat(a.identity().hasRole("approver")).isTrue();
              assertThat(a.identity().hasRole("admin")).isFalse();
            });
  }

  @Test
  void rolesGoInTheIssuersRolesClaim() throws Exception {
    Path secretFile = Files.writeString(dir.resolve("roles.secret"), SECRET);
    Path config =
        Files.writeString(
            dir.resolve("roles.yaml"),
            """
            identity:
              issuers:
                - { issuer: drawbridge, hmacSecret: "${file:%s}", rolesClaim: drawbridge_roles }
            """
                .formatted(secretFile));

    Cli.Result result =
        Cli.run(
            "token", "mint", "--config", config.toString(), "--agent", "ops", "--role", "admin");

    assertThat(result.exit()).as(result.err()).isZero();
    String payload = result.out().strip().split("\\.")[1];
    assertThat(
            new String(
                java.util.Base64.getUrlDecoder().decode(payload),
                java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"drawbridge_roles\":[\"admin\"]");
    AuthResult auth = authenticate(config, result.out().strip());
    assertThat(auth)
        .isInstanceOfSatisfying(
            AuthResult.Authenticated.class,
            a -> assertThat(a.identity().roles()).containsExactly("admin"));
  }

  @Test
  void anAgentTokenHasNoRoles() throws Exception {
    Path config = config(SECRET);
    String token =
        Cli.run("token", "mint", "--config", config.toString(), "--agent", "bot").out().strip();

    AuthResult auth = authenticate(config, token);

    assertThat(auth)
        .isInstanceOfSatisfying(
            AuthResult.Authenticated.class, a -> assertThat(a.identity().roles()).isEmpty());
  }

  @Test
  void anUnknownRoleIsRefused() throws Exception {
    Cli.Result result =
        Cli.run(
            "token",
            "mint",
            "--config",
            config(SECRET).toString(),
            "--subject",
            "alice",
            "--role",
            "approvers");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .contains("--role must be one of admin, approver, reviewer, auditor; got 'approvers'");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void aSubjectOtherThanTheAgentNeedsAnAgentClaim() throws Exception {
    Cli.Result result =
        Cli.run(
            "token",
            "mint",
            "--config",
            config(SECRET).toString(),
            "--subject",
            "alice@example.com",
            "--agent",
            "alice");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("drawbridge: cannot mint: ")
        .contains("agentClaim is 'sub'");
  }

  @Test
  void neitherAgentNorSubjectIsRefused() throws Exception {
    Cli.Result result = Cli.run("token", "mint", "--config", config(SECRET).toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("give --agent NAME, or --subject S");
  }

  private AuthResult authenticate(Path config, String token) throws Exception {
    IdentityConfig identity = ConfigLoader.load(config).config().identity();
    try (TokenAuthenticator authenticator =
        TokenAuthenticator.create(identity, Clock.systemUTC(), Runnable::run)) {
      return authenticator.authenticate(token).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private Path config(String secret) throws Exception {
    return config(dir, secret);
  }

  private static Path config(Path dir, String secret) throws Exception {
    Path secretFile = Files.writeString(dir.resolve("token.secret"), secret);
    return Files.writeString(
        dir.resolve("drawbridge.yaml"),
        """
        identity:
          issuers:
            - { issuer: drawbridge, hmacSecret: "${file:%s}" }
        """
            .formatted(secretFile));
  }
}
