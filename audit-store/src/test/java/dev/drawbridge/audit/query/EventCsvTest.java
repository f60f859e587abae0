package dev.drawbridge.audit.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventCsvTest {

  @Test
  void fieldsAreQuotedOnlyWhenTheyMustBe() {
    assertThat(EventCsv.quote("orders-db")).isEqualTo("orders-db");
    assertThat(EventCsv.quote(null)).isEmpty();
    assertThat(EventCsv.quote("a,b")).isEqualTo("\"a,b\"");
    assertThat(EventCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(EventCsv.quote("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(EventCsv.quote("cr\rhere")).isEqualTo("\"cr\rhere\"");
  }
}
