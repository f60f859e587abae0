package dev.drawbridge.postgres.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {

  @Test
  void encodesSeverityCodeMessageAndHintAsPostgreSqlDoes() {
    ByteBuf encoded =
        ErrorResponse.fatal(SqlState.INVALID_PASSWORD, "bad token", "mint one")
            .encode(ByteBufAllocator.DEFAULT);
    try {
      String expected =
          "45"
              + "0000002f"
              + field('S', "FATAL")
              + field('V', "FATAL")
              + field('C', "28P01")
              + field('M', "bad token")
              + field('H', "mint one")
              + "00";
      assertThat(ByteBufUtil.hexDump(encoded)).isEqualTo(expected);
    } finally {
      encoded.release();
    }
  }

  @Test
  void readsBackWhatItWrote() {
    ByteBuf encoded =
        ErrorResponse.error(SqlState.INSUFFICIENT_PRIVILEGE, "no grant", "")
            .encode(ByteBufAllocator.DEFAULT);
    try {
      assertThat(ServerError.read(encoded))
          .isEqualTo(new ServerError("ERROR", "42501", "no grant"));
    } finally {
      encoded.release();
    }
  }

  private static String field(char code, String value) {
    return HexFormat.of().formatHex(new byte[] {(byte) code})
        + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8))
        + "00";
  }
}
