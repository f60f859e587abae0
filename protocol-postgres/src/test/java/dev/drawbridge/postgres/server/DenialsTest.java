package dev.drawbridge.postgres.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.ServerError;
import dev.drawbridge.postgres.message.SqlState;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class DenialsTest {

  private static final ErrorResponse FIRST =
      ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE, "first", "");
  private static final ErrorResponse SECOND =
      ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE, "second", "");

  @Test
  void theMarkersSyntaxErrorIsReplacedByItsRefusal() {
    Denials denials = new Denials(new SecureRandom());
    String marker = denials.refuse(FIRST);
    assertThat(denials.match(syntaxError(marker))).contains(FIRST);
    assertThat(denials.isEmpty()).isTrue();
  }

  @Test
  void aRefusalTheUpstreamSkippedIsDroppedWhenALaterOneArrives() {
    Denials denials = new Denials(new SecureRandom());
    denials.refuse(FIRST);
    String second = denials.refuse(SECOND);
    assertThat(denials.match(syntaxError(second))).contains(SECOND);
    assertThat(denials.isEmpty()).isTrue();
  }

  @Test
  void otherErrorsPassThrough() {
    Denials denials = new Denials(new SecureRandom());
    String marker = denials.refuse(FIRST);
    assertThat(
            denials.match(
                new ServerError("ERROR", "42P01", "relation \"" + marker + "\" does not exist")))
        .isEmpty();
    assertThat(
            denials.match(new ServerError("ERROR", "42601", "syntax error at or near \"selec\"")))
        .isEmpty();
    assertThat(denials.isEmpty()).isFalse();
  }

  @Test
  void anotherSessionsMarkerDoesNotMatch() {
    Denials mine = new Denials(new SecureRandom());
    Denials theirs = new Denials(new SecureRandom());
    mine.refuse(FIRST);
    String forged = theirs.refuse(SECOND);
    assertThat(mine.match(syntaxError(forged))).isEmpty();
  }

  @Test
  void aTokenIsUsedOnceAndEveryRefusalHasItsOwn() {
    Denials denials = new Denials(new SecureRandom());
    String first = denials.refuse(FIRST);
    String second = denials.refuse(SECOND);
    assertThat(first).isNotEqualTo(second);
    assertThat(denials.match(syntaxError(first))).contains(FIRST);
    assertThat(denials.match(syntaxError(first))).isEmpty();
    assertThat(denials.match(syntaxError(second))).contains(SECOND);
  }

  @Test
  void aTranslatedServerMessageStillMatches() {
    Denials denials = new Denials(new SecureRandom());
    String token = denials.refuse(FIRST);
    assertThat(
            denials.match(new ServerError("FEHLER", "42601", "Syntaxfehler bei »" + token + "«")))
        .contains(FIRST);
  }

  private static ServerError syntaxError(String marker) {
    return new ServerError("ERROR", "42601", "syntax error at or near \"" + marker + "\"");
  }
}
