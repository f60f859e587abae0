package dev.drawbridge.policy.approval;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.Identity;
import java.time.Duration;
import java.util.List;

/**
 * The grants in force: those of the configuration file (read only) and those created at run time
 * (by an approval for a while, or by an {@code admin}), which an {@code admin} may revoke.
 */
public interface GrantDesk {

  /** The configuration file's grants, in the file's order. */
  List<GrantConfig> configured();

  /** The run-time grants that have not lapsed or been revoked, oldest first. */
  List<TemporaryGrant> temporary();

  /**
   * Creates a run-time grant (role {@code admin}), in force at once on every gateway sharing the
   * store.
   *
   * @param grant the grant as the file would write it (its {@code expires} is not read); without an
   *     id, one is made ({@code dyn-…})
   * @param lasting how long it lasts from now, at most {@code approvals.maxGrant}
   */
  DeskAnswer<TemporaryGrant> create(GrantConfig grant, Duration lasting, Identity creator);

  /** Revokes a run-time grant at once; the file's grants are changed in the file. */
  DeskAnswer<TemporaryGrant> revoke(String id, Identity actor, String reason);
}
