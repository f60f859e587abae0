package dev.drawbridge.policy;

import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Identity;

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

  /** The decision this match stands for, worded for the agent that asked. */
  default Decision decision(Identity identity, String connection) {
    return switch (this) {
      case InForce(CompiledGrant grant) -> grant.allow();
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
