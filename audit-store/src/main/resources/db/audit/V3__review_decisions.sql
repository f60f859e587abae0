-- Access review decisions (review.decided, recorded before they take effect): which campaign,
-- which grant, who decided what and why, and how it was applied (recorded, in force at once for a
-- run-time grant, or a patch for the configuration file's grant).
create view audit.review_decisions as
select
  time                              as decided_at,
  body ->> 'campaign'               as campaign,
  body ->> 'grant'                  as grant_id,
  body ->> 'kind'                   as grant_kind,
  agent,
  connection,
  decision,
  body ->> 'reviewer'               as reviewer,
  body ->> 'reason'                 as reason,
  body ->> 'applied'                as applied,
  (body ->> 'until')::timestamptz   as until,
  body -> 'allow'                   as allow,
  id                                as event_id
from audit.events_json
where type = 'review.decided';
