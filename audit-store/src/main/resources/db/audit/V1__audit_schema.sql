-- Schema audit: the public contract security teams query. Changed only by new migrations.
--
-- Every event is one row of audit.events, holding its canonical record exactly as the gateway
-- hashed it (column record). The other columns are copied from the record by the shipper, for
-- filtering and indexes; `drawbridge audit verify` checks that each agrees with the record, so a
-- column changed behind the record's back is found like a changed record. (They are not generated
-- from the record in the database: parsing every record as jsonb on insert halved the rate at
-- which events can be shipped. Views parse record where they need more of it.) Flyway creates the
-- schema.

create table audit.events (
  id          uuid        not null,
  time        timestamptz not null,
  chain       uuid        not null,
  seq         bigint      not null,
  type        text        not null,
  prev_hash   text,
  hash        text        not null,
  record      text        not null,
  session_id  uuid,
  agent       text,
  connection  text,
  operation   bigint,
  action      text,
  decision    text,
  shipped_at  timestamptz not null default now(),
  primary key (id, time)
) partition by range (time);

comment on table audit.events is
  'Every audit event, one row each, partitioned by UTC month; record is the canonical JSON the hash covers, the other columns are copied from it';

create index events_chain_seq on audit.events (chain, seq);
create index events_session on audit.events (session_id, operation) where session_id is not null;
create index events_agent_time on audit.events (agent, time) where agent is not null;
create index events_connection_time on audit.events (connection, time) where connection is not null;
create index events_type_time on audit.events (type, time);

-- One row per chain (a session, or a gateway run for events of no session): how far it reaches.
-- verify compares these heads with the events, so removing a chain's last event is noticed.
create table audit.chains (
  chain       uuid primary key,
  kind        text        not null check (kind in ('session', 'gateway')),
  first_time  timestamptz not null,
  last_time   timestamptz not null,
  last_seq    bigint      not null,
  last_hash   text        not null,
  events      bigint      not null
);

-- One row per session, for people: who, where, when, how it ended.
create table audit.sessions (
  session_id        uuid primary key,
  protocol          text        not null,
  connection        text        not null,
  agent             text        not null,
  subject           text        not null,
  issuer            text        not null,
  client            text        not null,
  started_at        timestamptz not null,
  ended_at          timestamptz,
  end_reason        text,
  duration_ms       bigint,
  bytes_from_agent  bigint,
  bytes_to_agent    bigint,
  operations        bigint      not null default 0,
  denied            bigint      not null default 0
);

create index sessions_agent_started on audit.sessions (agent, started_at);
create index sessions_connection_started on audit.sessions (connection, started_at);

-- Monthly partitions: audit.events_YYYY_MM, each one UTC month whatever the session's time zone.
-- The shipper creates the current month and the next ones ahead, and any month an event falls in;
-- operators drop old ones for retention (see docs/audit.md).
-- security definer: a shipper role that may only insert events can still add the month's partition
-- (which takes the owner of audit.events); the search path is fixed so nothing else is called.
create function audit.ensure_partition(month date) returns text
language plpgsql security definer set search_path = pg_catalog, audit as $$
declare
  first date := date_trunc('month', month::timestamp)::date;
  name  text := format('events_%s', to_char(first, 'YYYY_MM'));
begin
  if to_regclass(format('audit.%I', name)) is null then
    -- gateways sharing the database may ask for the same month at once: one creates it
    perform pg_advisory_xact_lock(hashtext('audit.ensure_partition'));
    execute format(
      'create table if not exists audit.%I partition of audit.events for values from (%L) to (%L)',
      name,
      first::timestamp at time zone 'UTC',
      (first + interval '1 month')::timestamp at time zone 'UTC');
  end if;
  return name;
end
$$;

create function audit.ensure_partitions(months_ahead int default 3) returns void
language plpgsql security definer set search_path = pg_catalog, audit as $$
begin
  for i in 0 .. months_ahead loop
    perform audit.ensure_partition(
      (date_trunc('month', now() at time zone 'UTC') + make_interval(months => i))::date);
  end loop;
end
$$;

select audit.ensure_partitions(3);

-- Every event with its record as jsonb, for questions about fields that have no column.
create view audit.events_json as
select id, time, chain, seq, type, session_id, agent, connection, operation, action, decision,
       record::jsonb as body
from audit.events;

-- One row per operation with what became of it (rows summed over its executions).
create view audit.operations as
select
  o.time,
  o.session_id,
  o.agent,
  o.connection,
  o.operation,
  o.action,
  o.body ->> 'verb'    as verb,
  o.body -> 'resources' as resources,
  o.body ->> 'text'    as statement,
  o.decision,
  o.body ->> 'grant'   as grant_id,
  o.body ->> 'reason'  as reason,
  r.executions,
  r.rows,
  r.duration_us,
  r.status,
  o.id                 as event_id
from audit.events_json o
left join lateral (
  select
    count(*)                                                 as executions,
    sum((x.record::jsonb ->> 'rows')::bigint)                as rows,
    sum((x.record::jsonb ->> 'durationUs')::bigint)          as duration_us,
    (array_agg(x.record::jsonb ->> 'status' order by x.seq desc))[1] as status
  from audit.events x
  where x.type = 'operation.result'
    and x.session_id = o.session_id
    and x.operation = o.operation
) r on true
where o.type = 'operation';

-- Every operation the gateway did not let through as asked: refused, or held for approval.
create view audit.denials as
select time, session_id, agent, connection, operation, action, verb, resources, statement,
       decision, grant_id, reason, event_id
from audit.operations
where decision <> 'allow';

-- Per agent and day: operations by action and connection.
create view audit.agent_activity as
select
  agent,
  date_trunc('day', time) as day,
  connection,
  action,
  count(*)                                       as operations,
  count(*) filter (where decision = 'allow')     as allowed,
  count(*) filter (where decision = 'deny')      as denied,
  count(*) filter (where decision = 'review')    as held,
  min(time)                                      as first_at,
  max(time)                                      as last_at
from audit.events
where type = 'operation'
group by agent, date_trunc('day', time), connection, action;

-- Failed authentications: who tried what, from where (never the token).
create view audit.auth_failures as
select time,
       body ->> 'protocol'     as protocol,
       body ->> 'connection'   as connection,
       body ->> 'claimedAgent' as claimed_agent,
       body ->> 'client'       as client,
       body ->> 'reason'       as reason,
       id                      as event_id
from audit.events_json
where type = 'auth.failure';
