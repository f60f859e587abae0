package dev.drawbridge.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretRedactorTest {

  private static SecretRedactor redactor;

  @BeforeAll
  static void load() {
    redactor = new SecretRedactor(PgQueryTest.parser());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "alter role app password 'hunter2'|alter role app password '***'",
        "alter role app password U&'pwA11'|alter role app password '***'",
        "alter role app password U&'p!0041w' UESCAPE '!'|alter role app password '***'",
        "select set_config(E'app.token', 'pwA21', false)"
            + "|select set_config(E'app.token', '***', false)",
        "CREATE ROLE bot LOGIN ENCRYPTED PASSWORD $$s3cr3t$$ VALID UNTIL '2027-01-01'"
            + "|CREATE ROLE bot LOGIN ENCRYPTED PASSWORD '***' VALID UNTIL '2027-01-01'",
        "create user mapping for app server remote options (user 'bob', password 'pw1')"
            + "|create user mapping for app server remote options (user 'bob', password '***')",
        "set app.api_key = 'abc'|set app.api_key = '***'",
        "SET app.token TO 'abc'|SET app.token TO '***'",
        "select set_config('app.secret', 'v', false)|select set_config('app.secret', '***', false)",
        "select * from dblink('host=db password=pw dbname=x', 'select 1') as t(a int)"
            + "|select * from dblink('***', 'select 1') as t(a int)",
        "select 'postgres://u:pw@h/db'|select '***'",
        "select 'it''s fine' /* password */, E'tab\\t'|select 'it''s fine' /* password */,"
            + " E'tab\\t'",
      })
  void secretsBecomeStars(String sql, String redacted) {
    assertThat(redactor.redact(sql)).isEqualTo(redacted);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "select id, name from customers where id = 1",
        "select 'plain text', 42",
        "insert into orders(note) values ('thanks')",
      })
  void statementsWithoutSecretsAreKeptAsWritten(String sql) {
    assertThat(redactor.redact(sql)).isSameAs(sql);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alter role app password 'unterminated", "select $$password"})
  void textTheScannerCannotReadIsWithheldWhole(String sql) {
    assertThat(redactor.redact(sql)).startsWith("(a statement the scanner cannot read");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ALTER ROLE a PASSWORD 'x'",
        "alter role a PassW",
        "set PWD",
        "x SECRET",
        "tOkEn",
        "api_KEY",
        "Credential",
        "'postgres://h'",
        "select DBLink('x')",
        "key"
      })
  void looksFurtherAtAnyOfItsWordsInAnyCase(String sql) {
    assertThat(SecretRedactor.maybeSecret(sql)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "select abalance from pgbench_accounts where aid = 1",
        "pass word",
        "ke y",
        ":/ /",
        "dblin",
        "PW D"
      })
  void passesTextWithoutThemUnscanned(String sql) {
    assertThat(SecretRedactor.maybeSecret(sql)).isFalse();
    assertThat(redactor.redact(sql)).isSameAs(sql);
  }
}
