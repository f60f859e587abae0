package dev.drawbridge.postgres.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Map;

/** Encoders for the client messages the gateway sends an upstream server itself. */
public final class FrontendMessages {

  private FrontendMessages() {}

  public static ByteBuf sslRequest(ByteBufAllocator alloc) {
    return alloc.buffer(8).writeInt(8).writeInt(StartupPacket.SSL_REQUEST_CODE);
  }

  public static ByteBuf cancelRequest(ByteBufAllocator alloc, int processId, int secretKey) {
    return alloc
        .buffer(16)
        .writeInt(16)
        .writeInt(StartupPacket.CANCEL_REQUEST_CODE)
        .writeInt(processId)
        .writeInt(secretKey);
  }

  /** A protocol 3.0 {@code StartupMessage} with {@code parameters} in their iteration order. */
  public static ByteBuf startup(ByteBufAllocator alloc, Map<String, String> parameters) {
    ByteBuf out = alloc.buffer();
    out.writeInt(0);
    out.writeInt(StartupPacket.PROTOCOL_3_0);
    parameters.forEach(
        (name, value) -> {
          Cstrings.write(out, name);
          Cstrings.write(out, value);
        });
    out.writeByte(0);
    out.setInt(0, out.writerIndex());
    return out;
  }

  /** A {@code PasswordMessage} carrying a cleartext or MD5-hashed password. */
  public static ByteBuf password(ByteBufAllocator alloc, String password) {
    ByteBuf out = alloc.buffer(6 + password.length());
    out.writeByte(FrontendType.PASSWORD.code());
    out.writeInt(0);
    Cstrings.write(out, password);
    out.setInt(1, out.writerIndex() - 1);
    return out;
  }

  public static ByteBuf saslInitialResponse(ByteBufAllocator alloc, String mechanism, byte[] data) {
    ByteBuf out = alloc.buffer();
    out.writeByte(FrontendType.PASSWORD.code());
    out.writeInt(0);
    Cstrings.write(out, mechanism);
    out.writeInt(data.length);
    out.writeBytes(data);
    out.setInt(1, out.writerIndex() - 1);
    return out;
  }

  public static ByteBuf saslResponse(ByteBufAllocator alloc, byte[] data) {
    return alloc
        .buffer(5 + data.length)
        .writeByte(FrontendType.PASSWORD.code())
        .writeInt(4 + data.length)
        .writeBytes(data);
  }

  public static ByteBuf query(ByteBufAllocator alloc, String text) {
    ByteBuf out = alloc.buffer();
    out.writeByte(FrontendType.QUERY.code());
    out.writeInt(0);
    Cstrings.write(out, text);
    out.setInt(1, out.writerIndex() - 1);
    return out;
  }

  /** An unnamed {@code Parse} of {@code text} with no parameter types. */
  public static ByteBuf parse(ByteBufAllocator alloc, String text) {
    ByteBuf out = alloc.buffer();
    out.writeByte(FrontendType.PARSE.code());
    out.writeInt(0);
    Cstrings.write(out, "");
    Cstrings.write(out, text);
    out.writeShort(0);
    out.setInt(1, out.writerIndex() - 1);
    return out;
  }

  /** A {@code Describe} of portal {@code portal}. */
  public static ByteBuf describePortal(ByteBufAllocator alloc, String portal) {
    ByteBuf out = alloc.buffer();
    out.writeByte(FrontendType.DESCRIBE.code());
    out.writeInt(0);
    out.writeByte('P');
    Cstrings.write(out, portal);
    out.setInt(1, out.writerIndex() - 1);
    return out;
  }

  public static ByteBuf terminate(ByteBufAllocator alloc) {
    return alloc.buffer(5).writeByte(FrontendType.TERMINATE.code()).writeInt(4);
  }
}
