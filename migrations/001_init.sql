-- Accounts, rooms, memberships, messages and refresh tokens.

create table users (
  id uuid primary key default gen_random_uuid(),
  username text not null unique,
  password_hash text not null,
  created_at timestamptz not null default now()
);

create table rooms (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('public', 'private', 'direct')),
  name text,
  topic text not null default '',
  owner_id uuid references users (id) on delete set null,
  -- the two user ids of a direct room, sorted and joined, so each pair has one room
  dm_key text unique,
  -- seq of the newest message; incremented in the transaction that stores the message
  last_seq bigint not null default 0,
  created_at timestamptz not null default now(),
  check ((kind = 'direct') = (name is null)),
  check ((kind = 'direct') = (dm_key is not null))
);
create unique index rooms_name_key on rooms (name) where name is not null;

create table room_members (
  room_id uuid not null references rooms (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  role text not null default 'member' check (role in ('owner', 'member')),
  last_read_seq bigint not null default 0,
  joined_at timestamptz not null default now(),
  primary key (room_id, user_id)
);
create index room_members_user_idx on room_members (user_id);

create table messages (
  id uuid primary key default gen_random_uuid(),
  room_id uuid not null references rooms (id) on delete cascade,
  seq bigint not null,
  sender_id uuid not null references users (id) on delete cascade,
  kind text not null default 'text' check (kind in ('text', 'action')),
  text text not null,
  client_msg_id uuid not null,
  created_at timestamptz not null default now()
);
-- keyset pagination by (room_id, seq), and the guarantee that seq is unique in a room
create unique index messages_room_seq_key on messages (room_id, seq);
-- client_msg_id is the sender's idempotency key within a room
create unique index messages_idempotency_key on messages (room_id, sender_id, client_msg_id);

create table refresh_tokens (
  -- SHA-256 of the token, base64url; the token itself is never stored
  token_hash text primary key,
  family_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  used_at timestamptz,
  revoked_at timestamptz
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
