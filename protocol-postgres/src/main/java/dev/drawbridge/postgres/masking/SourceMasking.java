package dev.drawbridge.postgres.masking;

import dev.drawbridge.core.masking.ColumnMasking;
import java.util.Objects;

/** What happens to the values of one masked source column (a table's or a view's). */
public sealed interface SourceMasking {

  /** Every value is masked with the rule's strategy. */
  record Masked(ColumnMasking.Masked masking, String rule) implements SourceMasking {

    public Masked {
      Objects.requireNonNull(masking, "masking");
      Objects.requireNonNull(rule, "rule");
    }
  }

  /**
   * A view column computed from masked data: the gateway cannot mask what it does not know the
   * shape of, so statements that read it are refused, and its values, should one slip through, are
   * sent as {@code NULL}.
   *
   * @param reason which masked column it may carry, for the refusal
   */
  record Withheld(String reason) implements SourceMasking {

    public Withheld {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
