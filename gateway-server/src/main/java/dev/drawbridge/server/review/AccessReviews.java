package dev.drawbridge.server.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drawbridge.audit.query.AuditQueryException;
import dev.drawbridge.audit.query.ReviewEvidence;
import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.AuditEvent;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.TimeOrderedIds;
import dev.drawbridge.core.ports.AuditReceipt;
import dev.drawbridge.core.ports.AuditSink;
import dev.drawbridge.policy.approval.DeskAnswer;
import dev.drawbridge.policy.approval.PolicyStore.StoreException;
import dev.drawbridge.policy.approval.RunTimeGrants;
import dev.drawbridge.policy.approval.TemporaryGrant;
import dev.drawbridge.policy.review.Campaign;
import dev.drawbridge.policy.review.GrantChange;
import dev.drawbridge.policy.review.GrantReview;
import dev.drawbridge.policy.review.ItemDecision;
import dev.drawbridge.policy.review.ReviewItem;
import dev.drawbridge.policy.review.ReviewStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The reviewers' desk: starts campaigns over the grants in force (the file's and the run-time
 * ones), with each grant's evidence read from schema {@code audit} and its least-privilege
 * recommendation; records decisions (each an audit event first), changing run-time grants at once;
 * answers the report and the configuration file's patch. Needs {@code store.postgres}. Calls block.
 */
public final class AccessReviews {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Duration MAX_WINDOW = Duration.ofDays(800);

  private final RunTimeGrants grants;
  private final ReviewStore store;
  private final ReviewEvidence evidence;
  private final AuditSink audit;
  private final Clock clock;

  public AccessReviews(
      RunTimeGrants grants,
      ReviewStore store,
      ReviewEvidence evidence,
      AuditSink audit,
      Clock clock) {
    this.grants = Objects.requireNonNull(grants, "grants");
    this.store = Objects.requireNonNull(store, "store");
    this.evidence = Objects.requireNonNull(evidence, "evidence");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** What a new campaign covers. Empty lists: every connection, every agent. */
  public record Scope(String name, List<String> connections, List<String> agents, Duration window) {
    public Scope {
      connections = List.copyOf(connections);
      agents = List.copyOf(agents);
    }
  }

  /** A campaign with its items. */
  public record View(Campaign campaign, List<ReviewItem> items) {}

  /** Starts a campaign: one item per grant in scope, with its evidence and recommendation. */
  public DeskAnswer<View> start(Scope scope, Identity caller) {
    if (scope.name() == null || !NAME.matcher(scope.name()).matches()) {
      return new DeskAnswer.Invalid<>(
          "a campaign's name is 1 to 64 letters, digits, '.', '_' or '-' (such as Q4 or"
              + " 2026-q4), starting with a letter or digit");
    }
    if (scope.window().isZero()
        || scope.window().isNegative()
        || scope.window().compareTo(MAX_WINDOW) > 0) {
      return new DeskAnswer.Invalid<>(
          "the window must be longer than zero and at most " + MAX_WINDOW.toDays() + "d");
    }
    Instant to = clock.instant();
    Instant from = to.minus(scope.window());
    try {
      if (store.campaign(scope.name()).isPresent()) {
        return new DeskAnswer.Conflict<>("a review campaign named '" + scope.name() + "' exists");
      }
      List<ReviewItem> items = new ArrayList<>();
      TreeSet<String> subjects = new TreeSet<>();
      for (GrantConfig grant : grants.configured()) {
        if (inScope(grant, scope)) {
          items.add(item(scope.name(), grant, ReviewItem.FILE, null, from, to, items.size()));
          subjectAgent(grant).ifPresent(subjects::add);
        }
      }
      for (TemporaryGrant temporary : grants.temporary()) {
        if (inScope(temporary.grant(), scope)) {
          items.add(
              item(
                  scope.name(),
                  temporary.grant(),
                  ReviewItem.TEMPORARY,
                  temporary.expiresAt(),
                  from,
                  to,
                  items.size()));
          subjectAgent(temporary.grant()).ifPresent(subjects::add);
        }
      }
      TreeSet<String> agents = new TreeSet<>(scope.agents());
      if (scope.agents().isEmpty()) {
        agents.addAll(subjects);
        agents.addAll(evidence.agents(scope.connections(), from, to));
      }
      ArrayNode agentEvidence = JSON.createArrayNode();
      for (String agent : agents) {
        agentEvidence.add(
            EvidenceJson.agent(
                agent,
                evidence.byAgent(agent, scope.connections(), from, to),
                evidence.refusals(agent, null, scope.connections(), from, to),
                evidence.approvals(null, agent, scope.connections(), from, to)));
      }
      Campaign campaign =
          new Campaign(
              scope.name(),
              scope.connections(),
              scope.agents(),
              from,
              to,
              caller.subject(),
              to,
              agentEvidence.toString());
      if (!store.create(campaign, items)) {
        return new DeskAnswer.Conflict<>("a review campaign named '" + scope.name() + "' exists");
      }
      return new DeskAnswer.Done<>(new View(campaign, items));
    } catch (StoreException | AuditQueryException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }

  private ReviewItem item(
      String campaign,
      GrantConfig grant,
      String kind,
      Instant expiresAt,
      Instant from,
      Instant to,
      int position)
      throws AuditQueryException {
    List<ReviewEvidence.Activity> activity = evidence.byGrant(grant.id(), from, to);
    List<ReviewEvidence.Approval> approvals =
        evidence.approvals(grant.id(), null, List.of(), from, to);
    List<ReviewEvidence.Refusal> refused =
        grant.subject() == null
            ? List.of()
            : evidence.refusals(
                grant.subject().agent(),
                grant.subject().group(),
                List.of(grant.connection()),
                from,
                to);
    long approved = approvals.stream().filter(a -> "approved".equals(a.outcome())).count();
    GrantReview review = GrantReview.of(grant, EvidenceJson.uses(activity), approved);
    return new ReviewItem(
        campaign,
        grant.id(),
        kind,
        GrantJson.write(grant).toString(),
        expiresAt,
        EvidenceJson.grantEvidence(activity, refused, approvals).toString(),
        EvidenceJson.unused(review.unused()).toString(),
        EvidenceJson.recommendation(review.recommendation()).toString(),
        position,
        null);
  }

  private static boolean inScope(GrantConfig grant, Scope scope) {
    if (!scope.connections().isEmpty() && !scope.connections().contains(grant.connection())) {
      return false;
    }
    if (scope.agents().isEmpty()) {
      return true;
    }
    return subjectAgent(grant).map(scope.agents()::contains).orElse(false);
  }

  private static Optional<String> subjectAgent(GrantConfig grant) {
    return grant.subject() == null
        ? Optional.empty()
        : Optional.ofNullable(grant.subject().agent());
  }

  public List<Campaign> campaigns() throws StoreException {
    return store.campaigns();
  }

  public DeskAnswer<View> campaign(String name) {
    try {
      Optional<Campaign> campaign = store.campaign(name);
      if (campaign.isEmpty()) {
        return notFound(name);
      }
      return new DeskAnswer.Done<>(new View(campaign.get(), store.items(name)));
    } catch (StoreException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }

  public DeskAnswer<ReviewItem> item(String name, String grantId) {
    return switch (campaign(name)) {
      case DeskAnswer.Done<View> done ->
          done.value().items().stream()
              .filter(i -> i.grantId().equals(grantId))
              .findFirst()
              .<DeskAnswer<ReviewItem>>map(DeskAnswer.Done::new)
              .orElseGet(() -> itemNotFound(name, grantId));
      case DeskAnswer.NotFound<View> n -> new DeskAnswer.NotFound<>(n.detail());
      case DeskAnswer.Unavailable<View> u -> new DeskAnswer.Unavailable<>(u.detail());
      default -> new DeskAnswer.Unavailable<>("cannot read the campaign now");
    };
  }

  /**
   * Decides one item: {@code certify}, {@code revoke}, {@code narrow} (apply the recommendation) or
   * {@code extend} (with {@code until}, a date or an instant). Recorded in the audit journal first;
   * a run-time grant changes at once, a file grant through the campaign's patch.
   */
  public DeskAnswer<ReviewItem> decide(
      String name, String grantId, String decision, String reason, String until, Identity caller) {
    if (decision == null || !ItemDecision.DECISIONS.contains(decision)) {
      return new DeskAnswer.Invalid<>("'decision' must be one of certify, revoke, narrow, extend");
    }
    Instant end = null;
    if (decision.equals("extend")) {
      if (until == null) {
        return new DeskAnswer.Invalid<>(
            "extend needs 'until': a date (the last day, 2027-06-30) or an instant");
      }
      try {
        end = end(until);
      } catch (DateTimeParseException e) {
        return new DeskAnswer.Invalid<>(
            "'until' must be a date (2027-06-30) or an instant (2027-06-30T12:00:00Z)");
      }
      if (!end.isAfter(clock.instant())) {
        return new DeskAnswer.Invalid<>("'until' must be in the future");
      }
    } else if (until != null) {
      return new DeskAnswer.Invalid<>("'until' goes only with extend");
    }
    DeskAnswer<ReviewItem> found = item(name, grantId);
    if (!(found instanceof DeskAnswer.Done<ReviewItem>(ReviewItem item))) {
      return found;
    }
    if (item.decided().isPresent()) {
      return new DeskAnswer.Conflict<>(
          "'"
              + grantId
              + "' in campaign '"
              + name
              + "' was decided already ("
              + item.decision().decision()
              + " by "
              + item.decision().reviewer()
              + ")");
    }
    GrantConfig grant;
    JsonNode recommendation;
    try {
      grant = GrantJson.read(JSON.readTree(item.definitionJson()));
      recommendation = JSON.readTree(item.recommendationJson());
    } catch (JsonProcessingException e) {
      return new DeskAnswer.Unavailable<>("the item's stored grant does not read: " + e);
    }
    String agent = grant.subject() == null ? null : grant.subject().agent();
    if (agent != null && (agent.equals(caller.subject()) || agent.equals(caller.agent()))) {
      return new DeskAnswer.Forbidden<>("nobody decides the review of a grant of their own");
    }
    String text = reason == null ? "" : reason;
    GrantChange change;
    String applied;
    List<dev.drawbridge.config.RuleConfig> allow = List.of();
    switch (decision) {
      case "certify" -> {
        change = new GrantChange.None();
        applied = "recorded";
      }
      case "revoke" -> {
        change =
            new GrantChange.Revoke(
                caller.subject(), text.isEmpty() ? "access review " + name : text);
        applied = item.temporary() ? "in-force" : "patch";
      }
      case "narrow" -> {
        if (!recommendation.path("kind").asText().equals("narrow")) {
          return new DeskAnswer.Conflict<>(
              "the recommendation for '"
                  + grantId
                  + "' is "
                  + recommendation.path("kind").asText()
                  + ", not narrow: decide certify, revoke or extend");
        }
        allow = GrantJson.readRules(recommendation.path("grant").path("allow"));
        change = new GrantChange.Narrow(allow);
        applied = item.temporary() ? "in-force" : "patch";
      }
      default -> {
        if (item.temporary() && end.isAfter(clock.instant().plus(grants.maxGrant()))) {
          return new DeskAnswer.Invalid<>(
              "a run-time grant lasts at most approvals.maxGrant ("
                  + grants.maxGrant()
                  + ") from now; extend it less far, or put it in the configuration file");
        }
        change = new GrantChange.Extend(end);
        applied = item.temporary() ? "in-force" : "patch";
      }
    }
    if (!item.temporary()) {
      change = new GrantChange.None();
    }
    Instant now = clock.instant();
    UUID event = TimeOrderedIds.next();
    if (change instanceof GrantChange.Revoke revoke) {
      AuditReceipt receipt =
          audit.record(
              new AuditEvent.GrantRevoked(
                  TimeOrderedIds.next(), now, grantId, revoke.actor(), revoke.reason()));
      if (receipt instanceof AuditReceipt.Refused refused) {
        return new DeskAnswer.Unavailable<>(
            "the audit journal cannot record the decision: " + refused.reason());
      }
    }
    AuditReceipt receipt =
        audit.record(
            new AuditEvent.ReviewDecided(
                event,
                now,
                name,
                grantId,
                agent,
                grant.connection(),
                item.kind(),
                decision,
                caller.subject(),
                text,
                applied,
                allow,
                end));
    if (receipt instanceof AuditReceipt.Refused refused) {
      return new DeskAnswer.Unavailable<>(
          "the audit journal cannot record the decision: " + refused.reason());
    }
    ItemDecision decided =
        new ItemDecision(decision, caller.subject(), now, text, end, applied, event.toString());
    try {
      ReviewStore.Outcome outcome = store.decide(name, grantId, decided, change);
      if (!(change instanceof GrantChange.None)) {
        grants.refresh();
      }
      return switch (outcome) {
        case DONE -> item(name, grantId);
        case DECIDED_ALREADY ->
            new DeskAnswer.Conflict<>("'" + grantId + "' was decided meanwhile");
        case GRANT_GONE ->
            new DeskAnswer.Conflict<>(
                "run-time grant '" + grantId + "' was revoked or lapsed meanwhile");
        case NOT_FOUND -> itemNotFound(name, grantId);
      };
    } catch (StoreException e) {
      return new DeskAnswer.Unavailable<>(e.getMessage());
    }
  }

  /** A date is its whole UTC day (the grant lapses at the next midnight); else an instant. */
  static Instant end(String until) {
    if (until.length() == 10) {
      return LocalDate.parse(until).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    return Instant.parse(until);
  }

  /** The report: per agent, what it was allowed, did, was refused and had approved. */
  public DeskAnswer<ObjectNode> report(String name) {
    return switch (campaign(name)) {
      case DeskAnswer.Done<View> done -> {
        try {
          yield new DeskAnswer.Done<>(ReviewReport.json(done.value()));
        } catch (JsonProcessingException e) {
          yield new DeskAnswer.Unavailable<>("the campaign's stored evidence does not read");
        }
      }
      case DeskAnswer.NotFound<View> n -> new DeskAnswer.NotFound<>(n.detail());
      case DeskAnswer.Unavailable<View> u -> new DeskAnswer.Unavailable<>(u.detail());
      default -> new DeskAnswer.Unavailable<>("cannot read the campaign now");
    };
  }

  /** The changes the campaign's decisions make to the configuration file's grants, as YAML. */
  public DeskAnswer<GrantsPatch> patch(String name) {
    return switch (campaign(name)) {
      case DeskAnswer.Done<View> done -> {
        try {
          yield new DeskAnswer.Done<>(GrantsPatch.of(done.value()));
        } catch (JsonProcessingException e) {
          yield new DeskAnswer.Unavailable<>("the campaign's stored grants do not read");
        }
      }
      case DeskAnswer.NotFound<View> n -> new DeskAnswer.NotFound<>(n.detail());
      case DeskAnswer.Unavailable<View> u -> new DeskAnswer.Unavailable<>(u.detail());
      default -> new DeskAnswer.Unavailable<>("cannot read the campaign now");
    };
  }

  private static <T> DeskAnswer<T> notFound(String name) {
    return new DeskAnswer.NotFound<>("no review campaign '" + name + "'");
  }

  private static <T> DeskAnswer<T> itemNotFound(String name, String grantId) {
    return new DeskAnswer.NotFound<>(
        "review campaign '" + name + "' has no item for grant '" + grantId + "'");
  }
}
