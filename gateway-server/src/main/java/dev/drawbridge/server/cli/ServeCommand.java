package dev.drawbridge.server.cli;

import ch.qos.logback.classic.LoggerContext;
import dev.drawbridge.config.LoadedConfig;
import dev.drawbridge.core.runtime.GatewayRuntimeException;
import dev.drawbridge.server.BuildVersion;
import dev.drawbridge.server.Gateway;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code drawbridge serve --config FILE}. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the gateway until SIGTERM or SIGINT, then shut down gracefully:"
          + " stop accepting, drain sessions until gateway.shutdownTimeout, close.",
      "Exit status: 0 after a graceful shutdown, 1 when the gateway cannot start,"
          + " 2 when the configuration is invalid."
    })
final class ServeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Mixin ConfigFile file;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<LoadedConfig> loaded = file.load(err);
    if (loaded.isEmpty()) {
      return ExitCodes.INVALID_CONFIG;
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(loaded.get().config(), Clock.systemUTC());
    } catch (GatewayRuntimeException e) {
      log.error("cannot start: {}", e.getMessage());
      err.println("drawbridge: cannot start: " + e.getMessage());
      err.flush();
      return ExitCodes.ERROR;
    }
    // the hook first: whoever reads "ready" may stop the daemon at once
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform().name("drawbridge-shutdown").unstarted(() -> shutDown(gateway)));
    gateway
        .adminAddress()
        .ifPresent(a -> log.info("admin listening on {}:{}", a.getHostString(), a.getPort()));
    log.info("{} ready ({})", loaded.get().config().gateway().name(), BuildVersion.describe());
    new CountDownLatch(1).await();
    return ExitCodes.OK;
  }

  /**
   * Runs on SIGTERM/SIGINT. A JVM ended by a signal exits 128+signal even when its hooks succeed;
   * after a graceful shutdown the daemon instead halts with 0, as service managers expect of a
   * clean stop.
   */
  private static void shutDown(Gateway gateway) {
    int status = ExitCodes.OK;
    try {
      gateway.close();
    } catch (RuntimeException e) {
      log.error("shutdown failed: {}", e.toString());
      status = ExitCodes.ERROR;
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }
}
