package dev.drawbridge.postgres.server;

import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.ServerError;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;

/**
 * Refusals waiting for their place in the upstream's response stream.
 *
 * <p>A refused statement is not answered by the gateway at once: earlier pipelined messages may
 * still be answered by the upstream, and PostgreSQL's own error semantics (abort the implicit
 * transaction, skip to {@code Sync}) must hold. So the gateway sends the upstream, in the refused
 * statement's place, a statement that fails to parse: a fresh random token, unknown to the agent
 * until it was sent. When the upstream's syntax error naming that token comes back, it is replaced
 * by the refusal. When the upstream was already skipping to {@code Sync}, no error comes, exactly
 * as PostgreSQL would have skipped the refused statement; that refusal is dropped once a later one
 * is matched.
 */
final class Denials {

  /** SQLSTATE of a syntax error, which the token statement always produces. */
  private static final String SYNTAX_ERROR = "42601";

  /** More waiting refusals than this means the oldest were skipped by the upstream. */
  private static final int MAX_WAITING = 1024;

  private record Waiting(String token, ErrorResponse error) {}

  private final SecureRandom random;
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();

  Denials(SecureRandom random) {
    this.random = random;
  }

  /** Registers a refusal; returns the statement text to send upstream in its place. */
  String refuse(ErrorResponse error) {
    byte[] nonce = new byte[16];
    random.nextBytes(nonce);
    String token = "drawbridge_refused_" + HexFormat.of().formatHex(nonce);
    if (waiting.size() == MAX_WAITING) {
      waiting.removeFirst();
    }
    waiting.addLast(new Waiting(token, error));
    return token;
  }

  /**
   * The refusal an upstream error stands for, if it is the syntax error of a waiting token.
   * Refusals registered before it were skipped by the upstream and are dropped.
   */
  Optional<ErrorResponse> match(ServerError error) {
    if (waiting.isEmpty() || !SYNTAX_ERROR.equals(error.sqlState())) {
      return Optional.empty();
    }
    int skipped = 0;
    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); skipped++) {
      Waiting candidate = it.next();
      if (error.message().contains(candidate.token())) {
        for (int i = 0; i <= skipped; i++) {
          waiting.removeFirst();
        }
        return Optional.of(candidate.error());
      }
    }
    return Optional.empty();
  }

  boolean isEmpty() {
    return waiting.isEmpty();
  }
}
