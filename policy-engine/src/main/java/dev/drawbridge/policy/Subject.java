package dev.drawbridge.policy;

import dev.drawbridge.config.SubjectConfig;
import dev.drawbridge.core.model.Identity;
import java.util.Objects;

/** Who a grant is for: one agent by name, or every member of one group. */
sealed interface Subject {

  boolean appliesTo(Identity identity);

  /** The agent whose name is {@code name}. */
  record Agent(String name) implements Subject {
    public Agent {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean appliesTo(Identity identity) {
      return name.equals(identity.agent());
    }
  }

  /** Every identity that is a member of {@code name}. */
  record Group(String name) implements Subject {
    public Group {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public boolean appliesTo(Identity identity) {
      return identity.isMemberOf(name);
    }
  }

  /**
   * @throws IllegalArgumentException unless exactly one of agent and group is set
   */
  static Subject of(SubjectConfig config) {
    if (config == null || (config.agent() == null) == (config.group() == null)) {
      throw new IllegalArgumentException("a subject needs exactly one of agent or group");
    }
    return config.agent() != null ? new Agent(config.agent()) : new Group(config.group());
  }
}
