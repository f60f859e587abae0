-- Drawbridge schema `policy`: just-in-time approval requests and run-time grants, shared by every
-- gateway replica on this database. Replicas tell each other of changes with
-- NOTIFY drawbridge_policy ('settled:<request id>' or 'grants').

create table approval_requests (
  id               text primary key,
  session_id       text not null,
  sequence         bigint not null,
  agent            text not null,
  subject          text not null,
  connection       text not null,
  action           text not null,
  verb             text not null,
  resources        text[] not null,
  statement        text not null,
  statement_sha256 text not null,
  grant_id         text not null,
  reason           text not null,
  requested_at     timestamptz not null,
  deadline         timestamptz not null,
  -- pending, approved, denied, timed-out, abandoned, failed
  status           text not null default 'pending',
  approver         text,
  decision_reason  text,
  temporary_grant  text,
  until            timestamptz,
  waited_ms        bigint,
  decided_at       timestamptz
);

create index approval_requests_pending on approval_requests (requested_at) where status = 'pending';
create index approval_requests_requested on approval_requests (requested_at desc);

create table grants (
  id                 text primary key,
  subject_agent      text,
  subject_group      text,
  connection         text not null,
  -- the grant's rules: {"allow": [rule…], "review": [rule…], "deny": [rule…]}, each rule
  -- {"actions": [...], "tables": [...], "columns": [...], "timeoutMs": n (review rules only)}
  rules              jsonb not null,
  rows_per_statement integer,
  owner              text not null,
  reason             text not null,
  expires_at         timestamptz not null,
  creator            text not null,
  created_at         timestamptz not null,
  approval           text,
  revoked_at         timestamptz,
  revoked_by         text,
  revoke_reason      text,
  check ((subject_agent is null) <> (subject_group is null))
);

create index grants_in_force on grants (expires_at) where revoked_at is null;
