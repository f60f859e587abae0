package dev.drawbridge.server.cli;

import picocli.CommandLine.Command;

/** {@code review certify NAME GRANT}. */
@Command(
    name = "certify",
    mixinStandardHelpOptions = true,
    description = "Keep the grant as it is (role: reviewer).")
final class ReviewCertifyCommand extends ReviewDecideCommand {
  @Override
  String decision() {
    return "certify";
  }
}
