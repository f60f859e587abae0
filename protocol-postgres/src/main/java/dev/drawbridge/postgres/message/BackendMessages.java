package dev.drawbridge.postgres.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/** Encoders for the few server messages the gateway writes to an agent itself. */
public final class BackendMessages {

  private static final int AUTH_OK = 0;
  private static final int AUTH_CLEARTEXT_PASSWORD = 3;

  private BackendMessages() {}

  public static ByteBuf authenticationOk(ByteBufAllocator alloc) {
    return authentication(alloc, AUTH_OK);
  }

  public static ByteBuf authenticationCleartextPassword(ByteBufAllocator alloc) {
    return authentication(alloc, AUTH_CLEARTEXT_PASSWORD);
  }

  public static ByteBuf backendKeyData(ByteBufAllocator alloc, int processId, int secretKey) {
    return alloc
        .buffer(13)
        .writeByte(BackendType.BACKEND_KEY_DATA.code())
        .writeInt(12)
        .writeInt(processId)
        .writeInt(secretKey);
  }

  /**
   * {@code ReadyForQuery}.
   *
   * @param status {@code I} idle, {@code T} in a transaction, {@code E} in a failed transaction
   */
  public static ByteBuf readyForQuery(ByteBufAllocator alloc, byte status) {
    return alloc
        .buffer(6)
        .writeByte(BackendType.READY_FOR_QUERY.code())
        .writeInt(5)
        .writeByte(status);
  }

  /** Tells a client that asked for protocol 3.x (x &gt; 0) that the session speaks 3.0. */
  public static ByteBuf negotiateProtocolVersion(
      ByteBufAllocator alloc, List<String> unrecognizedOptions) {
    ByteBuf out = alloc.buffer();
    out.writeByte(BackendType.NEGOTIATE_PROTOCOL_VERSION.code());
    int lengthAt = out.writerIndex();
    out.writeInt(0);
    out.writeInt(0);
    out.writeInt(unrecognizedOptions.size());
    for (String option : unrecognizedOptions) {
      Cstrings.write(out, option);
    }
    out.setInt(lengthAt, out.writerIndex() - lengthAt);
    return out;
  }

  private static ByteBuf authentication(ByteBufAllocator alloc, int code) {
    return alloc.buffer(9).writeByte(BackendType.AUTHENTICATION.code()).writeInt(8).writeInt(code);
  }
}
