package dev.drawbridge.server.cli;

import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.LoadedConfig;
import dev.drawbridge.core.identity.TokenMinter;
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

  /** {@code drawbridge token mint --config FILE --agent NAME [--group G]... [--ttl 1h]}. */
  @Command(
      name = "mint",
      mixinStandardHelpOptions = true,
      description = {
        "Mint an HS256 token for an agent, signed with the secret of the configuration's"
            + " 'drawbridge' issuer, and print it on standard output.",
        "The agent presents it as its password (PostgreSQL, SSH) or bearer token (HTTP)."
      })
  static final class Mint implements Callable<Integer> {

    static final String ISSUER = "drawbridge";

    /** Longer-lived credentials belong in an OIDC provider or an agent key, not a minted token. */
    static final Duration MAX_TTL = Duration.ofDays(30);

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ConfigFile file;

    @Option(names = "--agent", required = true, paramLabel = "NAME", description = "Agent name.")
    String agent;

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
        token = TokenMinter.forIssuer(issuer.get()).mint(agent, groups, ttl);
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
