-- Sessions (issue 13): one per login, carried by every access token (`sid`) so that revoking it
-- stops its access tokens and closes its sockets at once. A session is the family of its refresh
-- tokens: `sessions.id` is their `family_id`.

create table sessions (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  -- when a token of the session was last issued (login or refresh)
  last_used_at timestamptz not null default now(),
  user_agent text not null default '',
  ip text not null default '',
  revoked_at timestamptz
);
create index sessions_user_idx on sessions (user_id);

-- Logins made before this migration become sessions, revoked when all their tokens are.
insert into sessions (id, user_id, created_at, last_used_at, revoked_at)
select family_id, min(user_id::text)::uuid, min(created_at), max(coalesce(used_at, created_at)),
  case when bool_and(revoked_at is not null) then max(revoked_at) end
from refresh_tokens group by family_id;

-- Room names are unique among public rooms only: a unique index over every room answered
-- `room_name_taken` to anyone choosing a private room's name, and so revealed it (issue 13).
drop index rooms_name_key;
create unique index rooms_public_name_key on rooms (name) where kind = 'public';
