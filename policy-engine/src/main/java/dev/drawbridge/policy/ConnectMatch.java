package dev.drawbridge.policy;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;
import java.util.List;

/**
 * What the grants on one connection say about one identity connecting to it: the first grant in
 * force, else the first that lapsed, else nothing. Only the identity's own grants are ever cited.
 */
sealed interface ConnectMatch {

  /** A grant for this identity and connection, in force now. */
  record InForce(CompiledGrant grant) implements ConnectMatch {}

  /** Grants for this identity and connection exist, but all have lapsed; the first of them. */
  record Lapsed(CompiledGrant grant) implements ConnectMatch {}

  /** A grant in force for this identity and connection denies {@code connect} outright. */
  record Denied(CompiledGrant grant) implements ConnectMatch {}

  /** No grant for this identity on this connection. */
  record NoGrant() implements ConnectMatch {}

  ConnectMatch NO_GRANT = new NoGrant();

  /**
   * What {@code grants} (those of one connection, in the order of the file) say about {@code
   * identity} at {@code epochMillis}. An in-force grant whose {@code deny} rules name {@code
   * connect} wins over every grant that would let the identity in; a grant of {@code deny} rules
   * only never lets anyone in.
   */
  static ConnectMatch of(List<CompiledGrant> grants, Identity identity, long epochMillis) {
    CompiledGrant admitting = null;
    CompiledGrant lapsed = null;
    for (int i = 0; i < grants.size(); i++) {
      CompiledGrant grant = grants.get(i);
      if (!grant.subject().appliesTo(identity)) {
        continue;
      }
      if (!grant.inForceAt(epochMillis)) {
        lapsed = lapsed == null && grant.admits() ? grant : lapsed;
      } else if (grant.deniesConnect()) {
        return new Denied(grant);
      } else if (admitting == null && grant.admits()) {
        admitting = grant;
      }
    }
    if (admitting != null) {
      return new InForce(admitting);
    }
    return lapsed == null ? NO_GRANT : new Lapsed(lapsed);
  }

  /** The decision this match stands for, worded for the agent that asked. */
  default Decision decision(Identity identity, String connection) {
    return switch (this) {
      case InForce(CompiledGrant grant) -> grant.allowed();
      case Lapsed(CompiledGrant grant) ->
          new Decision.Deny(
              "grant '"
                  + grant.id()
                  + "' for '"
                  + grant.connection()
                  + "' expired on "
                  + grant.expires(),
              grant
                  .ownerName()
                  .map(owner -> "ask its owner (" + owner + ") to renew it")
                  .orElse("ask for grant '" + grant.id() + "' to be renewed"));
      case Denied(CompiledGrant grant) ->
          new Decision.Deny(
              "grant '" + grant.id() + "' denies connecting to '" + grant.connection() + "'",
              grant
                  .ownerName()
                  .map(owner -> "ask its owner (" + owner + ") if you need this connection")
                  .orElse(""));
      case NoGrant() ->
          new Decision.Deny(
              "no grant lets agent '" + identity.agent() + "' connect to '" + connection + "'",
              "ask for a grant on connection '" + connection + "'");
    };
  }
}
