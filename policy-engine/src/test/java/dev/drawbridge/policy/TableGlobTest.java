package dev.drawbridge.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TableGlobTest {

  /**
   * glob, resource schema ("" when unqualified), resource name, whether the glob covers it (what
   * allowing takes), whether it may name it (what refusing takes).
   */
  static Stream<Arguments> globs() {
    return Stream.of(
        Arguments.of("public.orders", "public", "orders", true, true),
        Arguments.of("public.orders", "public", "orders2", false, false),
        Arguments.of("public.orders", "public", "order", false, false),
        Arguments.of("public.orders", "sales", "orders", false, false),
        Arguments.of("Public.orders", "public", "orders", false, false),
        Arguments.of("public.*", "public", "payments", true, true),
        Arguments.of("public.*", "sales", "payments", false, false),
        Arguments.of("*", "sales", "payments", true, true),
        Arguments.of("*", "", "now", true, true),
        Arguments.of("*.*", "sales", "payments", true, true),
        Arguments.of("*.*", "", "now", true, true),
        Arguments.of("orders", "sales", "orders", true, true),
        Arguments.of("orders", "", "orders", true, true),
        Arguments.of("orders", "sales", "orders_archive", false, false),
        Arguments.of("pub*", "public", "orders", false, false),
        Arguments.of("p*c.orders", "public", "orders", true, true),
        Arguments.of("p*c.orders", "pc", "orders", true, true),
        Arguments.of("p*c.orders", "pcx", "orders", false, false),
        Arguments.of("public.orders", "", "orders", false, true),
        Arguments.of("public.orders", "", "payments", false, false),
        Arguments.of("s*.t", "", "t", false, true),
        Arguments.of("public.a.b", "public", "a.b", true, true),
        Arguments.of("public.*", "public", "a.b", true, true),
        Arguments.of("s.a*b*c", "s", "abc", true, true),
        Arguments.of("s.a*b*c", "s", "aXbYc", true, true),
        Arguments.of("s.a*b*c", "s", "acb", false, false),
        Arguments.of("s.a*b*c", "s", "abcX", false, false),
        Arguments.of("s.ab*ba", "s", "aba", false, false),
        Arguments.of("s.ab*ba", "s", "abba", true, true),
        Arguments.of("s.ab*ba", "s", "abXba", true, true),
        Arguments.of("s.*a*", "s", "a", true, true),
        Arguments.of("s.*a*", "s", "b", false, false),
        Arguments.of("s.*_log", "s", "audit_log", true, true),
        Arguments.of("s.*_log", "s", "logbook", false, false),
        Arguments.of("s.**", "s", "x", true, true));
  }

  @ParameterizedTest(name = "{0} on {1}.{2}: covers {3}, may name {4}")
  @MethodSource("globs")
  void matches(String glob, String schema, String name, boolean covers, boolean mayMatch) {
    TableGlob compiled = TableGlob.parse(glob);

    assertThat(compiled.covers(schema, name)).isEqualTo(covers);
    assertThat(compiled.mayMatch(schema, name)).isEqualTo(mayMatch);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", " ", ".orders", "public.", "."})
  void aGlobWithAnEmptyPartIsRefused(String glob) {
    assertThatThrownBy(() -> TableGlob.parse(glob)).isInstanceOf(IllegalArgumentException.class);
  }
}
