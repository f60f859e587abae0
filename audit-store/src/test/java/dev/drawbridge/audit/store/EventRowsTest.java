package dev.drawbridge.audit.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Records whose values no column can hold are refused before anything is sent. */
class EventRowsTest {

  @Test
  void aTimeNoTimestampHoldsIsRefusedAsTheDatabaseWould() throws Exception {
    StoredEvent event =
        StoredEvent.parse(
            ("{\"v\":1,\"id\":\""
                    + UUID.randomUUID()
                    + "\",\"chain\":\""
                    + UUID.randomUUID()
                    + "\",\"seq\":1,\"prev\":null,\"time\":\"+1000000000-01-01T00:00:00Z\","
                    + "\"type\":\"operation\"}")
                .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> EventRows.copy(List.of(event)))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("out of the range")
        .extracting(e -> ((SQLException) e).getSQLState())
        .isEqualTo("22008");
  }
}
