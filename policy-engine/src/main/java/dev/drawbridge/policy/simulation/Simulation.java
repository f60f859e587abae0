package dev.drawbridge.policy.simulation;

import dev.drawbridge.config.GrantConfig;
import dev.drawbridge.core.model.AuthMethod;
import dev.drawbridge.core.model.Identity;
import dev.drawbridge.core.model.Operation;
import dev.drawbridge.core.model.Protocol;
import dev.drawbridge.core.model.SessionId;
import dev.drawbridge.core.model.SessionInfo;
import dev.drawbridge.policy.GrantAuthorizer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides recorded operations again against a candidate set of grants and tallies what would
 * change. Each operation is decided by a {@link GrantAuthorizer} over the candidate's grants (and
 * the run-time grants in force then) with the clock set to the instant it was recorded, so grants
 * that had lapsed by then, or had not lapsed yet, count as they would have. The decision is
 * compared with the recorded one by kind (allowed, held, refused); which grant each cites is
 * tallied too.
 *
 * <p>Feed operations with {@link #add} in any order, then take the {@link #report}. Not
 * thread-safe; nothing here reads the trail or prints.
 */
public final class Simulation {

  /** Examples kept per outcome unless asked otherwise. */
  public static final int DEFAULT_EXAMPLES = 10;

  /** Event ids kept per figure of a report. */
  static final int EVENTS_PER_FIGURE = 3;

  /** The policy reads who, where, what and when; the session's other facts are placeholders. */
  private static final InetSocketAddress NOWHERE = InetSocketAddress.createUnresolved("replay", 0);

  private final List<GrantConfig> candidate;
  private final List<RunTimeGrant> runTime;
  private final int examplesPerOutcome;
  private final ReplayClock clock = new ReplayClock();
  private final Map<Set<Integer>, GrantAuthorizer> authorizers = new HashMap<>();
  private final Tallies tallies;
  private final List<String> notes = new ArrayList<>();

  private Simulation(List<GrantConfig> candidate, List<RunTimeGrant> runTime, int examples) {
    this.candidate = List.copyOf(candidate);
    this.examplesPerOutcome = examples;
    this.tallies = new Tallies(examples);
    GrantAuthorizer.from(this.candidate, clock); // invalid candidate grants fail here, not later
    Set<String> candidateIds = new HashSet<>();
    this.candidate.forEach(g -> candidateIds.add(g.id()));
    List<RunTimeGrant> usable = new ArrayList<>();
    for (RunTimeGrant grant : runTime) {
      String id = grant.grant().id();
      if (candidateIds.contains(id)) {
        notes.add(
            "run-time grant '"
                + id
                + "' (created "
                + grant.createdAt()
                + ") has the id of a candidate grant and is left out");
        continue;
      }
      try {
        GrantAuthorizer.from(List.of(grant.grant()), clock);
        usable.add(grant);
      } catch (IllegalArgumentException e) {
        notes.add(
            "run-time grant '" + id + "' (created " + grant.createdAt() + ") is left out: " + e);
      }
    }
    this.runTime = List.copyOf(usable);
  }

  /** A simulation of {@code candidate}, the grants of a configuration file. */
  public static Simulation against(List<GrantConfig> candidate) {
    return against(candidate, List.of(), DEFAULT_EXAMPLES);
  }

  /**
   * A simulation of {@code candidate} beside {@code runTime}, the grants made at run time that the
   * trail recorded, keeping {@code examples} operations in full per outcome.
   *
   * @throws IllegalArgumentException when a candidate grant is invalid
   */
  public static Simulation against(
      List<GrantConfig> candidate, List<RunTimeGrant> runTime, int examples) {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(runTime, "runTime");
    if (examples < 0) {
      throw new IllegalArgumentException("examples cannot be negative: " + examples);
    }
    return new Simulation(candidate, runTime, examples);
  }

  /** Decides every one of {@code recorded} against {@code candidate}; the report. */
  public static SimulationReport run(
      List<? extends Recorded> recorded, List<GrantConfig> candidate) {
    return run(recorded, candidate, List.of());
  }

  /** The same, with the run-time grants the trail recorded. */
  public static SimulationReport run(
      List<? extends Recorded> recorded, List<GrantConfig> candidate, List<RunTimeGrant> runTime) {
    Simulation simulation = against(candidate, runTime, DEFAULT_EXAMPLES);
    recorded.forEach(simulation::add);
    return simulation.report();
  }

  /** Decides {@code recorded} again, counts what it found, and answers it. */
  public Replay add(Recorded recorded) {
    Replay replay = replay(recorded);
    tallies.add(replay);
    return replay;
  }

  /** What has been found so far. */
  public SimulationReport report() {
    return tallies.report(notes);
  }

  /** How many operations are kept in full per outcome. */
  public int examplesPerOutcome() {
    return examplesPerOutcome;
  }

  private Replay replay(Recorded recorded) {
    return switch (recorded) {
      case UnreplayableOperation unreplayable ->
          new Replay(recorded, Outcome.NOT_REPLAYABLE, null, unreplayable.why());
      case RecordedOperation operation -> replay(operation);
    };
  }

  private Replay replay(RecordedOperation operation) {
    Verdict was = operation.recorded();
    if (was.kind() == Verdict.Kind.DENY && !GrantReasons.fromGrants(was.reason())) {
      return new Replay(
          operation,
          Outcome.REFUSED_BEFORE_GRANTS,
          null,
          "refused by the gateway before any grant was asked");
    }
    Set<Integer> inForce = new HashSet<>();
    for (int i = 0; i < runTime.size(); i++) {
      if (runTime.get(i).inForceAt(operation.time())) {
        inForce.add(i);
      }
    }
    if (!operation.groupsRecorded() && namesGroups(operation.connection(), inForce)) {
      return new Replay(
          operation,
          Outcome.NOT_REPLAYABLE,
          null,
          "the agent's groups are not recorded (a refused connect records no session start),"
              + " and grants on its connection name groups");
    }
    GrantAuthorizer authorizer = authorizers.computeIfAbsent(Set.copyOf(inForce), this::authorizer);
    clock.set(operation.time());
    Verdict now = Verdict.of(authorizer.decide(asOperation(operation)));
    return new Replay(operation, Outcome.of(was.kind(), now.kind()), now, "");
  }

  private boolean namesGroups(String connection, Set<Integer> inForce) {
    for (GrantConfig grant : candidate) {
      if (connection.equals(grant.connection()) && forGroup(grant)) {
        return true;
      }
    }
    for (int i : inForce) {
      GrantConfig grant = runTime.get(i).grant();
      if (connection.equals(grant.connection()) && forGroup(grant)) {
        return true;
      }
    }
    return false;
  }

  private static boolean forGroup(GrantConfig grant) {
    return grant.subject() != null && grant.subject().group() != null;
  }

  private GrantAuthorizer authorizer(Set<Integer> inForce) {
    GrantAuthorizer authorizer = GrantAuthorizer.from(candidate, clock);
    if (!inForce.isEmpty()) {
      List<GrantAuthorizer.RunTime> grants = new ArrayList<>();
      inForce.stream()
          .sorted()
          .map(runTime::get)
          .forEach(g -> grants.add(new GrantAuthorizer.RunTime(g.grant(), g.lapsesAt())));
      authorizer.runTime(grants);
    }
    return authorizer;
  }

  /**
   * The recorded operation as the authorizer takes it. The policy reads the agent, its groups, the
   * connection, the action, the resources and the clock; nothing else of the session.
   */
  private static Operation asOperation(RecordedOperation recorded) {
    Identity identity =
        new Identity(
            recorded.agent(), recorded.agent(), recorded.groups(), "replay", AuthMethod.JWT, null);
    SessionInfo session =
        new SessionInfo(
            new SessionId(recorded.session()),
            Protocol.POSTGRES,
            recorded.connection(),
            identity,
            NOWHERE,
            recorded.time());
    return new Operation(
        session,
        recorded.sequence(),
        recorded.action(),
        recorded.verb(),
        recorded.resources(),
        "",
        0L);
  }

  /** A clock that reads the instant of the operation being decided. */
  private static final class ReplayClock extends java.time.Clock {

    private Instant now = Instant.EPOCH;

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("a replay clock reads UTC only");
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public long millis() {
      return now.toEpochMilli();
    }
  }
}
