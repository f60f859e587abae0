package dev.drawbridge.postgres.codec;

import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.message.ErrorResponse;
import dev.drawbridge.postgres.message.FrontendType;
import dev.drawbridge.postgres.message.SqlState;
import dev.drawbridge.postgres.message.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames what an agent sends: first startup packets (decoded to {@link StartupPacket}s), then, once
 * a {@code StartupMessage} arrived, regular messages as retained slices of the exact bytes
 * received. Every length is checked against a hard limit before anything is buffered; a violation
 * is a {@link PgProtocolException}, after which all further input is discarded.
 */
public final class FrontendDecoder extends ByteToMessageDecoder {

  private enum Phase {
    STARTUP,
    REGULAR,
    FAILED
  }

  /**
   * The largest message accepted before the session is established: a password message carrying a
   * token, as PostgreSQL's own limit on an authentication message (PG_MAX_AUTH_TOKEN_LENGTH).
   */
  public static final int MAX_MESSAGE_BEFORE_SESSION = 65_535;

  private final int maxStartupPacket;
  private final int maxMessageSize;
  private int limit;
  private Phase phase = Phase.STARTUP;

  /**
   * @param maxStartupPacket the largest startup packet accepted, in bytes
   * @param maxMessageSize the largest regular message accepted once the session is established,
   *     length word included; until then, at most {@link #MAX_MESSAGE_BEFORE_SESSION}
   */
  public FrontendDecoder(int maxStartupPacket, int maxMessageSize) {
    this.maxStartupPacket = maxStartupPacket;
    this.maxMessageSize = maxMessageSize;
    this.limit = Math.min(maxMessageSize, MAX_MESSAGE_BEFORE_SESSION);
  }

  /**
   * The agent is authenticated and its session established: from now on messages up to the
   * configured maximum are accepted.
   */
  public void sessionEstablished() {
    limit = maxMessageSize;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    try {
      switch (phase) {
        case STARTUP -> decodeStartup(in, out);
        case REGULAR -> decodeRegular(in, out);
        case FAILED -> in.skipBytes(in.readableBytes());
      }
    } catch (PgProtocolException e) {
      phase = Phase.FAILED;
      in.skipBytes(in.readableBytes());
      throw e;
    }
  }

  private void decodeStartup(ByteBuf in, List<Object> out) {
    if (in.readableBytes() < 4) {
      return;
    }
    int length = in.getInt(in.readerIndex());
    if (length < 8 || length > maxStartupPacket) {
      throw new PgProtocolException(
          ErrorResponse.fatal(
              SqlState.PROTOCOL_VIOLATION,
              "invalid startup packet length "
                  + Integer.toUnsignedString(length)
                  + " (accepted: 8 to "
                  + maxStartupPacket
                  + " bytes)"));
    }
    if (in.readableBytes() < length) {
      return;
    }
    StartupPacket packet = StartupPacketReader.read(in.readSlice(length));
    if (packet instanceof StartupPacket.SslRequest && in.isReadable()) {
      // what follows an SSLRequest must be the TLS handshake; bytes already here were sent in
      // clear text and would be read as if they had been encrypted (CVE-2021-23214)
      throw new PgProtocolException(
          ErrorResponse.fatal(
              SqlState.PROTOCOL_VIOLATION, "received unencrypted data after SSL request"));
    }
    if (packet instanceof StartupPacket.StartupMessage) {
      phase = Phase.REGULAR;
    }
    out.add(packet);
  }

  private void decodeRegular(ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= Frames.HEADER) {
      int at = in.readerIndex();
      byte type = in.getByte(at);
      if (FrontendType.of(type).isEmpty()) {
        throw new PgProtocolException(
            ErrorResponse.fatal(
                SqlState.PROTOCOL_VIOLATION,
                String.format("invalid frontend message type 0x%02x", type & 0xFF)));
      }
      int length = in.getInt(at + 1);
      if (length < 4) {
        throw new PgProtocolException(
            ErrorResponse.fatal(SqlState.PROTOCOL_VIOLATION, "invalid message length " + length));
      }
      if (length > limit) {
        throw new PgProtocolException(
            ErrorResponse.fatal(
                SqlState.PROGRAM_LIMIT_EXCEEDED,
                "message of "
                    + Integer.toUnsignedString(length)
                    + " bytes exceeds the gateway's limit of "
                    + limit
                    + " bytes"
                    + (limit < maxMessageSize ? " before authentication" : ""),
                "send smaller statements or parameters, or raise listeners.postgres.maxMessageSize"));
      }
      if (in.readableBytes() < length + 1) {
        return;
      }
      out.add(in.retainedSlice(at, length + 1));
      in.skipBytes(length + 1);
    }
  }
}
