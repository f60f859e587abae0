-- Access review campaigns (docs/access-reviews.md): one row per campaign, one per grant in its scope
-- (with the evidence from schema audit and the recommendation, as JSON, captured when the campaign
-- started), and each item's decision with its reviewer and time. A decision on a run-time grant
-- changes policy.grants in the same transaction and announces it (NOTIFY drawbridge_policy 'grants').

create table review_campaigns (
  name          text primary key,
  -- {"connections": [...], "agents": [...]}; empty lists: every connection, every agent
  scope         jsonb not null,
  window_start  timestamptz not null,
  window_end    timestamptz not null,
  started_by    text not null,
  started_at    timestamptz not null,
  -- per agent: what it did, what was refused, its approvals (the report's evidence)
  agents        jsonb not null
);

create table review_items (
  campaign         text not null references review_campaigns (name) on delete cascade,
  grant_id         text not null,
  -- file (the configuration file's) or temporary (made at run time)
  kind             text not null,
  -- the grant as it was when the campaign started
  definition       jsonb not null,
  expires_at       timestamptz,
  evidence         jsonb not null,
  unused           jsonb not null,
  recommendation   jsonb not null,
  position         integer not null,
  -- certify, revoke, narrow, extend; null while undecided
  decision         text,
  reviewer         text,
  decided_at       timestamptz,
  decision_reason  text,
  until            timestamptz,
  -- what the decision did: recorded, in-force (a run-time grant changed), patch (the file's)
  applied          text,
  event_id         text,
  primary key (campaign, grant_id)
);
