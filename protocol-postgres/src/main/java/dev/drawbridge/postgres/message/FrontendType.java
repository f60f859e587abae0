package dev.drawbridge.postgres.message;

import java.util.Optional;

/** The type byte of every regular message a client may send after the startup packet. */
public enum FrontendType {
  BIND('B'),
  CLOSE('C'),
  COPY_DATA('d'),
  COPY_DONE('c'),
  COPY_FAIL('f'),
  DESCRIBE('D'),
  EXECUTE('E'),
  FLUSH('H'),
  FUNCTION_CALL('F'),
  PARSE('P'),
  /** PasswordMessage, and the SASL and GSS responses that share its byte. */
  PASSWORD('p'),
  QUERY('Q'),
  SYNC('S'),
  TERMINATE('X');

  private static final FrontendType[] BY_CODE = new FrontendType[128];

  static {
    for (FrontendType type : values()) {
      BY_CODE[type.code] = type;
    }
  }

  private final byte code;

  FrontendType(char code) {
    this.code = (byte) code;
  }

  public byte code() {
    return code;
  }

  /** The type a byte stands for; empty for a byte no client may send. */
  public static Optional<FrontendType> of(byte code) {
    return code > 0 ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
  }
}
