package dev.drawbridge.postgres.message;

/** The SQLSTATE codes the gateway itself reports to an agent. */
public enum SqlState {
  SUCCESSFUL_COMPLETION("00000"),
  CONNECTION_EXCEPTION("08000"),
  CONNECTION_FAILURE("08006"),
  PROTOCOL_VIOLATION("08P01"),
  FEATURE_NOT_SUPPORTED("0A000"),
  INVALID_AUTHORIZATION_SPECIFICATION("28000"),
  INVALID_PASSWORD("28P01"),
  INVALID_CATALOG_NAME("3D000"),
  INSUFFICIENT_PRIVILEGE("42501"),
  INSUFFICIENT_RESOURCES("53000"),
  PROGRAM_LIMIT_EXCEEDED("54000"),
  QUERY_CANCELED("57014"),
  ADMIN_SHUTDOWN("57P01"),
  IDLE_SESSION_TIMEOUT("57P05"),
  CANNOT_CONNECT_NOW("57P03"),
  INTERNAL_ERROR("XX000");

  private final String code;

  SqlState(String code) {
    this.code = code;
  }

  /** The five-character code. */
  public String code() {
    return code;
  }
}
