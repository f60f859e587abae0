package dev.drawbridge.postgres.server;

import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.ServerError;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Refusals waiting for their place in the upstream's response stream.
 *
 * <p>A refused statement is not answered by the gateway at once: earlier pipelined messages may
 * still be answered by the upstream, and PostgreSQL's own error semantics (abort the implicit
 * transaction, skip to {@code Sync}) must hold. So the gateway sends the upstream, in the refused
 * statement's place, a statement that fails to parse and whose text carries a marker: a per-session
 * random nonce and the refusal's number. When the upstream's syntax error carrying that marker
 * comes back, it is replaced by the refusal. When the upstream was already skipping to {@code
 * Sync}, no error comes, exactly as PostgreSQL would have skipped the refused statement.
 */
final class Denials {

  /** SQLSTATE of a syntax error, which the marker statement always produces. */
  private static final String SYNTAX_ERROR = "42601";

  /** More waiting refusals than this means the oldest were skipped by the upstream. */
  private static final int MAX_WAITING = 1024;

  private record Waiting(long number, ErrorResponse error) {}

  private final String prefix;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private long next;

  Denials(SecureRandom random) {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    this.prefix = "drawbridge_refused_" + HexFormat.of().formatHex(nonce) + "_";
  }

  /** Registers a refusal; returns the statement text to send upstream in its place. */
  String refuse(ErrorResponse error) {
    long number = ++next;
    if (waiting.size() == MAX_WAITING) {
      waiting.removeFirst();
    }
    waiting.addLast(new Waiting(number, error));
    return prefix + number;
  }

  /**
   * The refusal an upstream error stands for, if it is a marker's syntax error. Refusals registered
   * before it were skipped by the upstream and are dropped.
   */
  Optional<ErrorResponse> match(ServerError error) {
    if (waiting.isEmpty() || !SYNTAX_ERROR.equals(error.sqlState())) {
      return Optional.empty();
    }
    int at = error.message().indexOf(prefix);
    if (at < 0) {
      return Optional.empty();
    }
    long number = parseNumber(error.message(), at + prefix.length());
    while (!waiting.isEmpty() && waiting.peekFirst().number() < number) {
      waiting.removeFirst();
    }
    if (!waiting.isEmpty() && waiting.peekFirst().number() == number) {
      return Optional.of(waiting.removeFirst().error());
    }
    return Optional.empty();
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }

  private static long parseNumber(String message, int from) {
    long number = 0;
    for (int i = from; i < message.length() && Character.isDigit(message.charAt(i)); i++) {
      number = number * 10 + (message.charAt(i) - '0');
    }
    return number;
  }
}
