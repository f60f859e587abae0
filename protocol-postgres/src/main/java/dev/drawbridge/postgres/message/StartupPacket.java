package dev.drawbridge.postgres.message;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The first packet of a connection, which has no type byte: what the client asks for. */
public sealed interface StartupPacket {

  /** Request code of {@link SslRequest}. */
  int SSL_REQUEST_CODE = 80877103;

  /** Request code of {@link GssEncRequest}. */
  int GSSENC_REQUEST_CODE = 80877104;

  /** Request code of {@link CancelRequest}. */
  int CANCEL_REQUEST_CODE = 80877102;

  /** Protocol 3.0, the only version the gateway speaks. */
  int PROTOCOL_3_0 = 196608;

  /** The client asks for TLS. */
  enum SslRequest implements StartupPacket {
    INSTANCE
  }

  /** The client asks for GSSAPI encryption, which the gateway does not offer. */
  enum GssEncRequest implements StartupPacket {
    INSTANCE
  }

  /** The client asks to cancel the query running in the session that holds this key. */
  record CancelRequest(int processId, int secretKey) implements StartupPacket {}

  /**
   * The client starts a session.
   *
   * @param minorVersion the protocol minor version asked for (3.x)
   * @param parameters name/value pairs in the order sent ({@code user}, {@code database}, …)
   */
  record StartupMessage(int minorVersion, Map<String, String> parameters) implements StartupPacket {
    public StartupMessage {
      Objects.requireNonNull(parameters, "parameters");
      parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    public String user() {
      return parameters.getOrDefault("user", "");
    }

    /** The database asked for, which defaults to the user name as in PostgreSQL. */
    public String database() {
      String database = parameters.getOrDefault("database", "");
      return database.isEmpty() ? user() : database;
    }
  }
}
