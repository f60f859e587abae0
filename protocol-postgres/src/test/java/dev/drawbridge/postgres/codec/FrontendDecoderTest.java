package dev.drawbridge.postgres.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.drawbridge.postgres.PgProtocolException;
import dev.drawbridge.postgres.message.SqlState;
import dev.drawbridge.postgres.message.StartupPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FrontendDecoderTest {

  /** psql's startup packet: user=bot, database=db, application_name=psql (protocol 3.0). */
  private static final String STARTUP =
      "00000034"
          + "00030000"
          + hex("user")
          + "00"
          + hex("bot")
          + "00"
          + hex("database")
          + "00"
          + hex("db")
          + "00"
          + hex("application_name")
          + "00"
          + hex("psql")
          + "00"
          + "00";

  /** Query "select 1". */
  private static final String QUERY = "51" + "0000000d" + hex("select 1") + "00";

  /** Sync. */
  private static final String SYNC = "53" + "00000004";

  private static EmbeddedChannel channel() {
    return new EmbeddedChannel(new FrontendDecoder(10_000, 1024));
  }

  @Test
  void decodesAStartupMessageThenRegularMessagesAsTheirExactBytes() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(bytes(STARTUP + QUERY + SYNC));

    StartupPacket startup = channel.readInbound();
    assertThat(startup)
        .isEqualTo(
            new StartupPacket.StartupMessage(
                0, Map.of("user", "bot", "database", "db", "application_name", "psql")));
    assertFrame(channel.readInbound(), QUERY);
    assertFrame(channel.readInbound(), SYNC);
    assertThat(channel.<Object>readInbound()).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 7})
  void inputSplitAtAwkwardPlacesDecodesTheSame(int chunk) {
    EmbeddedChannel channel = channel();
    byte[] all = HexFormat.of().parseHex(STARTUP + QUERY + SYNC);
    for (int i = 0; i < all.length; i += chunk) {
      channel.writeInbound(Unpooled.wrappedBuffer(all, i, Math.min(chunk, all.length - i)));
    }
    assertThat(channel.<Object>readInbound()).isInstanceOf(StartupPacket.StartupMessage.class);
    assertFrame(channel.readInbound(), QUERY);
    assertFrame(channel.readInbound(), SYNC);
  }

  @Test
  void sslRequestGssEncRequestAndCancelRequest() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(bytes("00000008" + "04d2162f"));
    assertThat(channel.<Object>readInbound()).isEqualTo(StartupPacket.SslRequest.INSTANCE);
    channel.writeInbound(bytes("00000008" + "04d21630"));
    assertThat(channel.<Object>readInbound()).isEqualTo(StartupPacket.GssEncRequest.INSTANCE);
    channel.writeInbound(bytes("00000010" + "04d2162e" + "0000007b" + "000001c8"));
    assertThat(channel.<Object>readInbound()).isEqualTo(new StartupPacket.CancelRequest(123, 456));
  }

  @Test
  void clearTextAfterAnSslRequestIsRefused() {
    assertRefused(
        bytes("00000008" + "04d2162f" + "00"),
        SqlState.PROTOCOL_VIOLATION,
        "unencrypted data after SSL request");
  }

  @Test
  void aStartupPacketOutsideTheLimitsIsRefusedBeforeItIsBuffered() {
    assertRefused(
        bytes("00000003"), SqlState.PROTOCOL_VIOLATION, "invalid startup packet length 3");
    assertRefused(
        bytes("05f5e100"), SqlState.PROTOCOL_VIOLATION, "invalid startup packet length 100000000");
  }

  @Test
  void protocolVersion2IsRefused() {
    assertRefused(
        bytes("00000009" + "00020000" + "00"),
        SqlState.FEATURE_NOT_SUPPORTED,
        "unsupported frontend protocol 2.0");
  }

  @Test
  void aStartupPacketWithoutItsTerminatorIsRefused() {
    assertRefused(
        bytes("0000000d" + "00030000" + hex("user") + "00"),
        SqlState.PROTOCOL_VIOLATION,
        "invalid startup packet layout");
  }

  @Test
  void anUnknownMessageTypeIsRefused() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(bytes(STARTUP));
    channel.readInbound();
    assertRefused(channel, bytes("78" + "00000004"), SqlState.PROTOCOL_VIOLATION, "0x78");
  }

  @Test
  void aMessageOverTheLimitIsRefusedFromItsHeaderAlone() {
    EmbeddedChannel channel = channel();
    channel.writeInbound(bytes(STARTUP));
    channel.readInbound();
    assertRefused(
        channel,
        bytes("51" + "00000401"),
        SqlState.PROGRAM_LIMIT_EXCEEDED,
        "message of 1025 bytes exceeds the gateway's limit of 1024 bytes");
  }

  @Test
  void afterARefusalAllInputIsDiscarded() {
    EmbeddedChannel channel = channel();
    assertThatThrownBy(() -> channel.writeInbound(bytes("00000003")))
        .isInstanceOf(DecoderException.class);
    channel.writeInbound(bytes(STARTUP));
    assertThat(channel.<Object>readInbound()).isNull();
  }

  private static void assertRefused(ByteBuf input, SqlState state, String message) {
    assertRefused(channel(), input, state, message);
  }

  private static void assertRefused(
      EmbeddedChannel channel, ByteBuf input, SqlState state, String message) {
    assertThatThrownBy(() -> channel.writeInbound(input))
        .isInstanceOf(DecoderException.class)
        .cause()
        .isInstanceOfSatisfying(
            PgProtocolException.class,
            e -> {
              assertThat(e.error().state()).isEqualTo(state);
              assertThat(e.error().message()).contains(message);
            });
  }

  private static void assertFrame(ByteBuf frame, String expectedHex) {
    try {
      assertThat(ByteBufUtil.hexDump(frame)).isEqualTo(expectedHex);
    } finally {
      frame.release();
    }
  }

  private static ByteBuf bytes(String hex) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
  }

  private static String hex(String ascii) {
    return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
}
