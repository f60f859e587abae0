-- Just-in-time approvals and run-time grants, for people: views over the events that record them.
--
-- approval.requested and approval.decided belong to their session's chain and name the held
-- operation by its sequence (column operation), as operation.result does; approval.decided copies
-- its outcome (approved, denied, timed-out, abandoned) into column decision. grant.created and
-- grant.revoked belong to no session: they are in the gateway run's chain; grant.created copies the
-- grant's agent (when it is for an agent) and connection into their columns.

-- One row per approval request: the held operation (its statement from the operation's own event,
-- same session and sequence) and what became of it. A request nobody decided yet has no outcome.
create view audit.approvals as
select
  r.body ->> 'approval'                  as approval_id,
  r.session_id,
  r.operation,
  o.agent,
  o.connection,
  o.body ->> 'text'                      as statement,
  r.body ->> 'grant'                     as grant_id,
  r.body ->> 'reason'                    as reason,
  r.time                                 as requested_at,
  (r.body ->> 'deadline')::timestamptz   as deadline,
  d.decision                             as outcome,
  d.body ->> 'approver'                  as approver,
  d.time                                 as decided_at,
  d.body ->> 'reason'                    as decision_reason,
  d.body ->> 'grant'                     as temporary_grant_id,
  (d.body ->> 'until')::timestamptz      as temporary_until,
  (d.body ->> 'waitedMs')::bigint        as waited_ms,
  r.id                                   as event_id
from audit.events_json r
left join lateral (
  select x.agent, x.connection, x.record::jsonb as body
  from audit.events x
  where x.type = 'operation'
    and x.session_id = r.session_id
    and x.operation = r.operation
  order by x.time
  limit 1
) o on true
left join lateral (
  select x.time, x.decision, x.record::jsonb as body
  from audit.events x
  where x.type = 'approval.decided'
    and x.session_id = r.session_id
    and x.operation = r.operation
    and x.record::jsonb ->> 'approval' = r.body ->> 'approval'
  order by x.time
  limit 1
) d on true
where r.type = 'approval.requested';

-- Grants created and revoked at run time (through the admin API, or by approving a held operation
-- for a while): who did it, why, and, for a created grant, whom it is for (agent, null for a
-- group's grant), where, until when, and the grant as it was created (definition).
create view audit.grant_changes as
select
  time,
  case type when 'grant.created' then 'created' else 'revoked' end as change,
  body ->> 'grant'                                                  as grant_id,
  agent,
  connection,
  case type when 'grant.created' then body ->> 'creator' else body ->> 'actor' end as actor,
  body ->> 'reason'                                                 as reason,
  (body ->> 'expiresAt')::timestamptz                               as expires_at,
  nullif(body ->> 'approval', '')                                   as approval_id,
  case type when 'grant.created' then
    jsonb_build_object(
      'id',         body -> 'grant',
      'subject',    jsonb_strip_nulls(
                      jsonb_build_object('agent', body -> 'agent', 'group', body -> 'group')),
      'connection', body -> 'connection',
      'allow',      body -> 'allow',
      'review',     body -> 'review',
      'deny',       body -> 'deny',
      'limits',     body -> 'limits',
      'owner',      body -> 'owner',
      'reason',     body -> 'reason',
      'expiresAt',  body -> 'expiresAt')
  end                                                               as definition,
  id                                                                as event_id
from audit.events_json
where type in ('grant.created', 'grant.revoked');
