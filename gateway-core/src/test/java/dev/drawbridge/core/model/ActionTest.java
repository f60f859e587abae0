package dev.drawbridge.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.drawbridge.config.RuleConfig;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ActionTest {

  @Test
  void everyActionAGrantMayNameIsAnActionAndNoOtherIs() {
    assertThat(RuleConfig.ACTIONS)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Action.values()).map(Action::configName).toList());
    for (String name : RuleConfig.ACTIONS) {
      assertThat(Action.fromConfigName(name)).map(Action::configName).contains(name);
    }
    assertThat(Action.fromConfigName("READ")).isEmpty();
  }
}
