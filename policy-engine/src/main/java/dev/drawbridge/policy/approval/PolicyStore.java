package dev.drawbridge.policy.approval;

import dev.drawbridge.core.model.ApprovalVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where approval requests and run-time grants live: in memory on a single gateway, or in PostgreSQL
 * schema {@code policy}, shared by every replica. Calls may block (they are never made on an event
 * loop).
 */
public interface PolicyStore extends AutoCloseable {

  /** What a store reports of changes made elsewhere (another replica). */
  interface Changes {

    /** Request {@code id} was settled (by an approver anywhere, or a timeout). */
    void settled(String id);

    /** Run-time grants changed, or may have (after a lost connection). */
    void grantsChanged();
  }

  /** Keeps a new pending request where approvers see it. */
  void add(ApprovalRequest request) throws StoreException;

  /** Pending requests, and with {@code all} recently decided ones too; newest first. */
  List<ApprovalRequest> requests(boolean all) throws StoreException;

  Optional<ApprovalRequest> request(String id) throws StoreException;

  /**
   * Settles request {@code id} if it is still pending, in one step with creating {@code grant}
   * (null for none).
   *
   * @return the settled request; empty when it was no longer pending (then nothing changed)
   */
  Optional<ApprovalRequest> settle(String id, ApprovalVerdict verdict, TemporaryGrant grant)
      throws StoreException;

  /**
   * Keeps a run-time grant made directly (not by an approval).
   *
   * @return false when a grant with its id exists already (then nothing changed)
   */
  boolean addGrant(TemporaryGrant grant) throws StoreException;

  /** The run-time grants in force at {@code now}, oldest first. */
  List<TemporaryGrant> grants(Instant now) throws StoreException;

  /**
   * Revokes run-time grant {@code id}.
   *
   * @return the grant it revoked; empty when none by that id was in force
   */
  Optional<TemporaryGrant> revoke(String id, String actor, String reason, Instant now)
      throws StoreException;

  /** Starts reporting changes made elsewhere to {@code changes}; a memory store has none. */
  void listen(Changes changes);

  @Override
  void close();

  /** The store could not be read, where the caller cannot be told otherwise than by throwing. */
  final class Unavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The store could not be read or written. */
  final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
