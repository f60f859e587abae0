package dev.drawbridge.postgres.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.core.model.Resource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaskedColumnsTest {

  private final MaskedColumns masked =
      new MaskedColumns(Set.of("public.customers.email", "*.people.ssn*"));

  @Test
  void aNamedColumnIsTouchedWhenARuleCoversIt() {
    assertThat(masked.touchedBy(table("public", "customers", "id", "email")))
        .isEqualTo("public.customers.email");
    assertThat(masked.touchedBy(table("hr", "people", "ssn_last4")))
        .isEqualTo("hr.people.ssn_last4");
    assertThat(masked.touchedBy(table("public", "customers", "id", "name"))).isNull();
    assertThat(masked.touchedBy(table("public", "orders", "email"))).isNull();
  }

  @Test
  void everyColumnTouchesWhateverARuleCoversInTheTable() {
    assertThat(masked.touchedBy(table("public", "customers"))).isEqualTo("public.customers.email");
    assertThat(masked.touchedBy(table("hr", "people"))).isEqualTo("hr.people.ssn*");
    assertThat(masked.touchedBy(table("public", "orders"))).isNull();
  }

  private static Resource.Table table(String schema, String name, String... columns) {
    return new Resource.Table(schema, name, List.of(columns));
  }
}
