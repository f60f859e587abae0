package dev.drawbridge.server.cli;

import picocli.CommandLine.Command;

/** {@code review narrow NAME GRANT}. */
@Command(
    name = "narrow",
    mixinStandardHelpOptions = true,
    description = "Apply the recommendation: keep only what was used (role: reviewer).")
final class ReviewNarrowCommand extends ReviewDecideCommand {
  @Override
  String decision() {
    return "narrow";
  }
}
