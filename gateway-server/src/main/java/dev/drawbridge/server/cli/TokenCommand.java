package dev.drawbridge.server.cli;

import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.LoadedConfig;
import dev.drawbridge.core.identity.TokenMinter;
import dev.drawbridge.server.admin.api.Role;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code drawbridge token …}. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = "Work with agent tokens.",
    subcommands = {TokenCommand.Mint.class})
final class TokenCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code drawbridge token mint --config FILE (--agent NAME | --subject S) [--group G]... [--role
   * R]... [--ttl 1h]}.
   */
  @Command(
      name = "mint",
      mixinStandardHelpOptions = true,
      description = {
        "Mint an HS256 token for an agent, signed with the secret of the configuration's"
            + " 'drawbridge' issuer, and print it on standard output.",
        "The agent presents it as its password (PostgreSQL, SSH) or bearer token (HTTP).",
        "With --role it is a token for the admin API (an approver's, say): the roles go in the"
            + " issuer's rolesClaim, and --subject names the person."
      })
  static final class Mint implements Callable<Integer> {

    static final String ISSUER = "drawbridge";

    /** Longer-lived credentials belong in an OIDC provider or an agent key, not a minted token. */
    static final Duration MAX_TTL = Duration.ofDays(30);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ConfigFile file;

    @Option(
        names = "--agent",
        paramLabel = "NAME",
        description = "Agent name (default: the --subject).")
    String agent;

    @Option(
        names = "--subject",
        paramLabel = "S",
        description =
            "The token's subject (sub), such as alice@example.com (default: the --agent). It"
                + " differs from the agent name only when the issuer's agentClaim is not sub.")
    String subject;

    @Option(
        names = "--role",
        paramLabel = "R",
        description =
            "An admin API role: admin, approver, reviewer or auditor; repeat for several.")
    List<String> roles = new ArrayList<>();

    @Option(
        names = "--group",
        paramLabel = "G",
        description = "A group the agent belongs to; repeat for several.")
    List<String> groups = new ArrayList<>();

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        defaultValue = "1h",
        converter = DurationConverter.class,
        description =
            "How long the token is valid: 30m, 1h, 7d; at most 30d (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      if (agent == null && subject == null) {
        err.println("give --agent NAME, or --subject S for a person's admin token");
        err.flush();
        return ExitCodes.ERROR;
      }
      for (String role : roles) {
        if (Role.of(role).isEmpty()) {
          err.println(
              "--role must be one of " + String.join(", ", Role.claims()) + "; got '" + role + "'");
          err.flush();
          return ExitCodes.ERROR;
        }
      }
      Optional<LoadedConfig> loaded = file.load(err);
      if (loaded.isEmpty()) {
        return ExitCodes.INVALID_CONFIG;
      }
      Optional<IssuerConfig> issuer =
          loaded.get().config().identity().issuers().stream()
              .filter(i -> i.issuer().equals(ISSUER) && i.isHmac())
              .findFirst();
      if (issuer.isEmpty()) {
        err.println(
            "no issuer '"
                + ISSUER
                + "' with an hmacSecret in "
                + file.path
                + "; add identity.issuers: [{ issuer: drawbridge, hmacSecret:"
                + " \"${env:DRAWBRIDGE_TOKEN_SECRET}\" }]");
        err.flush();
        return ExitCodes.INVALID_CONFIG;
      }
      if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
        err.println("--ttl must be positive and at most 30d; got " + ttl);
        err.flush();
        return ExitCodes.ERROR;
      }
      String token;
      try {
        String holder = subject == null ? agent : subject;
        String agentName = agent == null ? subject : agent;
        token =
            TokenMinter.forIssuer(issuer.get())
                .mint(
                    holder,
                    agentName,
                    groups,
                    List.copyOf(new java.util.LinkedHashSet<>(roles)),
                    ttl);
      } catch (IllegalArgumentException e) {
        err.println("drawbridge: cannot mint: " + e.getMessage());
        err.flush();
        return ExitCodes.ERROR;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(token);
      out.flush();
      return ExitCodes.OK;
    }
  }
}
