package dev.drawbridge.policy;

import dev.drawbridge.core.model.Action;
import dev.drawbridge.core.model.Decision;
import dev.drawbridge.core.model.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words of statement decisions that are not a plain allow: what a deny rule refused, what needs
 * approval, and what is missing. They cite only grants that apply to the agent that asked, on the
 * connection it asked about. Built only when needed, off the allow path.
 */
final class Refusals {

  private Refusals() {}

  /**
   * {@code grant}'s deny {@code rule} refuses {@code action} on {@code resource} (or on nothing).
   */
  static Decision.Deny denied(CompiledGrant grant, Rule rule, Action action, Resource resource) {
    String prefix = "grant '" + grant.id() + "' denies ";
    if (resource instanceof Resource.Table table && !rule.columns().isEmpty()) {
      String column = rule.firstListed(table.columns());
      if (column == null) {
        return new Decision.Deny(
            prefix
                + action.configName()
                + " on "
                + describe(table)
                + " (columns "
                + String.join(", ", rule.columns())
                + ") and the statement does not name the columns it uses",
            "name the columns you need instead of *");
      }
      return ownerDeny(grant, prefix, action.configName() + " on " + describe(table, column));
    }
    String what =
        resource == null ? action.configName() : action.configName() + " on " + describe(resource);
    return ownerDeny(grant, prefix, what);
  }

  /** {@code grant}'s review rule holds {@code action} on {@code column} of {@code resource}. */
  static Decision.Review review(
      CompiledGrant grant, Action action, Resource resource, String column) {
    String what =
        resource == null
            ? action.configName()
            : action.configName() + " on " + describe(resource, column);
    return new Decision.Review(
        grant.id(),
        what + " needs approval under grant '" + grant.id() + "'",
        timeout(grant, action, resource));
  }

  /** The timeout of the first of {@code grant}'s review rules on {@code action} that sets one. */
  private static Duration timeout(CompiledGrant grant, Action action, Resource resource) {
    for (Rule rule : grant.review().naming(action)) {
      if (rule.timeout() != null && (resource == null || rule.names(resource))) {
        return rule.timeout();
      }
    }
    return null;
  }

  /**
   * No rule of an applicable grant covers {@code action} on {@code column} of {@code resource} (a
   * {@code null} column: the whole resource; a {@code null} resource: an operation without any).
   */
  static Decision.Deny notCovered(
      Action action, Resource resource, String column, ApplicableGrants grants, String connection) {
    if (resource instanceof Resource.Path
        || resource instanceof Resource.Command
        || resource instanceof Resource.File) {
      return new Decision.Deny(
          "needs "
              + action.configName()
              + " on "
              + describe(resource)
              + "; grants cover only tables and functions",
          "");
    }
    CompiledGrant cited = grants.nearest(action, resource);
    boolean everyColumn =
        column == null
            && resource instanceof Resource.Table table
            && table.columns().isEmpty()
            && cited != null
            && (ApplicableGrants.names(cited.allow().naming(action), resource)
                || ApplicableGrants.names(cited.review().naming(action), resource));
    String need;
    if (resource == null) {
      need = action.configName();
    } else if (everyColumn) {
      need = action.configName() + " on every column of " + describe(resource);
    } else {
      need = action.configName() + " on " + describe(resource, column);
    }
    String reason =
        "needs "
            + need
            + "; "
            + (cited == null
                ? "no grant of agent '" + grants.identity().agent() + "' covers it"
                : "grant '" + cited.id() + "' allows " + allows(cited, resource) + " only");
    String ask = "ask for a grant with " + need + " on connection '" + connection + "'";
    return new Decision.Deny(
        reason, everyColumn ? "name the columns you need instead of *, or " + ask : ask);
  }

  /**
   * What {@code grant} allows on {@code resource} (on anything, when {@code null}), action by
   * action: {@code read}, {@code read (columns id, name)}, {@code write with approval}.
   */
  static String allows(CompiledGrant grant, Resource resource) {
    List<String> phrases = new ArrayList<>();
    Set<Action> allowedOutright = EnumSet.noneOf(Action.class);
    for (Action action : Action.values()) {
      String phrase = phrase(grant.allow().naming(action), action, resource);
      if (phrase != null) {
        phrases.add(phrase);
        if (phrase.equals(action.configName())) {
          allowedOutright.add(action);
        }
      }
    }
    for (Action action : Action.values()) {
      String phrase = phrase(grant.review().naming(action), action, resource);
      if (phrase != null && !allowedOutright.contains(action)) {
        phrases.add(phrase + " with approval");
      }
    }
    return String.join(", ", phrases);
  }

  /**
   * {@code action}, with the columns {@code rules} (those naming it) allow on {@code resource} when
   * none of them allows every column; {@code null} when none of them names {@code resource}.
   */
  private static String phrase(List<Rule> rules, Action action, Resource resource) {
    Set<String> columns = new LinkedHashSet<>();
    boolean any = false;
    for (Rule rule : rules) {
      if (resource != null && !rule.names(resource)) {
        continue;
      }
      if (rule.columns().isEmpty()) {
        return action.configName();
      }
      any = true;
      columns.addAll(rule.columns());
    }
    return any ? action.configName() + " (columns " + String.join(", ", columns) + ")" : null;
  }

  /** A resource as messages name it: {@code public.orders}, {@code function public.f}. */
  static String describe(Resource resource) {
    return switch (resource) {
      case Resource.Table(String schema, String name, var _) -> qualified(schema, name);
      case Resource.Function(String schema, String name) -> "function " + qualified(schema, name);
      case Resource.Path(String method, String path) -> "path " + method + " " + path;
      case Resource.Command(List<String> argv) -> "command " + String.join(" ", argv);
      case Resource.File(String path) -> "file " + path;
    };
  }

  /** One column of a table ({@code public.customers.ssn}), or the whole resource. */
  static String describe(Resource resource, String column) {
    return column == null ? describe(resource) : describe(resource) + "." + column;
  }

  private static String qualified(String schema, String name) {
    return schema.isEmpty() ? name : schema + "." + name;
  }

  private static Decision.Deny ownerDeny(CompiledGrant grant, String prefix, String what) {
    return new Decision.Deny(
        prefix + what,
        grant
            .ownerName()
            .map(owner -> "ask its owner (" + owner + ") if you need " + what)
            .orElse(""));
  }
}
