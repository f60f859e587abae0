package dev.drawbridge.server.cli;

import dev.drawbridge.config.ConnectionConfig;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.config.IssuerConfig;
import dev.drawbridge.config.LoadedConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code drawbridge config …}. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with configuration files.",
    subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code drawbridge config check --config FILE}. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a configuration file and print a summary of it.",
        "Exit status: 0 when valid (warnings allowed), 2 with every problem listed when not."
      })
  static final class Check implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Mixin ConfigFile file;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Optional<LoadedConfig> loaded = file.load(spec.commandLine().getErr());
      if (loaded.isEmpty()) {
        return ExitCodes.INVALID_CONFIG;
      }
      out.println(file.path + ": valid");
      summary(loaded.get().config()).forEach(out::println);
      out.flush();
      return ExitCodes.OK;
    }

    static List<String> summary(DrawbridgeConfig config) {
      List<String> lines = new ArrayList<>();
      lines.add("  gateway      " + config.gateway().name());
      lines.add(
          "  admin        "
              + config.adminListener().map(a -> a.bind().toString()).orElse("(not configured)"));
      List<String> listeners = new ArrayList<>();
      config.listeners().postgresListener().ifPresent(l -> listeners.add("postgres " + l.bind()));
      config.listeners().httpListener().ifPresent(l -> listeners.add("http " + l.bind()));
      config.listeners().sshListener().ifPresent(l -> listeners.add("ssh " + l.bind()));
      lines.add(
          "  listeners    " + (listeners.isEmpty() ? "(none)" : String.join(", ", listeners)));
      lines.add(
          "  identity     "
              + config.identity().issuers().size()
              + " issuer(s)"
              + issuerNames(config.identity().issuers())
              + ", "
              + config.identity().agents().size()
              + " agent key(s)");
      lines.add("  connections  " + config.connections().size());
      for (ConnectionConfig c : config.connections()) {
        lines.add(
            "    "
                + c.name()
                + "  "
                + c.type().configName()
                + " "
                + c.upstream().host()
                + ":"
                + c.upstream().port()
                + (c.upstream().database() == null ? "" : "/" + c.upstream().database())
                + (c.masking().isEmpty() ? "" : ", " + c.masking().size() + " masking rule(s)"));
      }
      lines.add("  grants       " + config.grants().size());
      for (GrantConfig g : config.grants()) {
        String subject =
            g.subject().agent() != null
                ? "agent " + g.subject().agent()
                : "group " + g.subject().group();
        lines.add(
            "    "
                + g.id()
                + "  "
                + subject
                + " -> "
                + g.connection()
                + (g.expires() == null ? "" : ", expires " + g.expires()));
      }
      lines.add(
          "  store        "
              + config
                  .store()
                  .postgresStore()
                  .map(s -> "postgres")
                  .orElse("(embedded: journal only)"));
      return lines;
    }

    private static String issuerNames(List<IssuerConfig> issuers) {
      if (issuers.isEmpty()) {
        return "";
      }
      return " (" + String.join(", ", issuers.stream().map(IssuerConfig::issuer).toList()) + ")";
    }
  }
}
