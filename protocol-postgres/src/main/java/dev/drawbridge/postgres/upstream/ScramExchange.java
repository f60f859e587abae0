package dev.drawbridge.postgres.upstream;

import com.ongres.scram.client.ScramClient;
import com.ongres.scram.common.exception.ScramException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One SCRAM-SHA-256 login, driven by the server's SASL messages (RFC 5802, RFC 7677). */
final class ScramExchange {

  static final String MECHANISM = "SCRAM-SHA-256";

  private final ScramClient client;

  private ScramExchange(ScramClient client) {
    this.client = client;
  }

  /**
   * @param advertised the mechanisms the server offered
   * @throws IllegalArgumentException when SCRAM-SHA-256 is not among them
   */
  static ScramExchange start(List<String> advertised, char[] password) {
    if (!advertised.contains(MECHANISM)) {
      throw new IllegalArgumentException(
          "the server offers SASL mechanisms " + advertised + " but not " + MECHANISM);
    }
    // PostgreSQL takes the user from the startup packet and ignores the SCRAM user name
    return new ScramExchange(
        ScramClient.builder()
            .advertisedMechanisms(List.of(MECHANISM))
            .username("*")
            .password(password)
            .build());
  }

  byte[] clientFirst() {
    return ascii(client.clientFirstMessage().toString());
  }

  byte[] clientFinal(byte[] serverFirst) throws ScramException {
    client.serverFirstMessage(new String(serverFirst, StandardCharsets.UTF_8));
    return ascii(client.clientFinalMessage().toString());
  }

  /** Checks the server's signature, so a server that does not know the password is refused. */
  void verifyServerFinal(byte[] serverFinal) throws ScramException {
    client.serverFinalMessage(new String(serverFinal, StandardCharsets.UTF_8));
  }

  private static byte[] ascii(String message) {
    return message.getBytes(StandardCharsets.UTF_8);
  }
}
