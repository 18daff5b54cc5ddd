-- The room event stream (issue 11). A room's events share its seq (rooms.last_seq, now the seq of
-- the newest event of any kind). A posted message is its own event: the messages row carries its
-- seq, so a plain send writes one row as before. Every other event is a row of room_events.
-- Existing messages keep their ids and seqs; rooms keep their last_seq.

-- The current state of a message. A delete erases the text ('') and the reactions and keeps the
-- tombstone: id, seq, sender, kind, created_at. reply_to and thread_root_id are checked by the
-- message service (same room; a root is itself no thread reply); no foreign keys, so that deleting
-- a room's messages needs no lookup per row.
alter table messages
  add column edited_at timestamptz,
  add column deleted boolean not null default false,
  add column reply_to uuid,
  add column thread_root_id uuid,
  -- on a thread root: its replies that are not deleted, and when the newest of them was posted
  add column reply_count integer not null default 0,
  add column last_reply_at timestamptz;
-- a thread paged by keyset on seq
create index messages_thread_idx on messages (thread_root_id, seq) where thread_root_id is not null;

-- One row per user x message x emoji.
create table reactions (
  message_id uuid not null references messages (id) on delete cascade,
  emoji text not null,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (message_id, emoji, user_id)
);
create index reactions_user_idx on reactions (user_id);

-- The room's events other than posted messages, each with the room's next seq, taken in the
-- transaction that applies it. They name what changed; readers join its current state.
create table room_events (
  room_id uuid not null references rooms (id) on delete cascade,
  seq bigint not null,
  type text not null check (type in (
    'message_edited', 'message_deleted', 'reaction_added', 'reaction_removed',
    'member_joined', 'member_left', 'member_added', 'room_updated'
  )),
  actor_id uuid not null references users (id) on delete cascade,
  -- the message of a message or reaction event
  message_id uuid,
  -- the member of a member event
  user_id uuid references users (id) on delete cascade,
  emoji text,
  created_at timestamptz not null default now(),
  primary key (room_id, seq)
);

-- Idempotency keys of edit, delete, react and unreact: a repeated client_event_id of the same user
-- is answered from here (seq null: the action changed nothing) instead of being applied again.
create table client_events (
  user_id uuid not null references users (id) on delete cascade,
  client_event_id uuid not null,
  room_id uuid not null references rooms (id) on delete cascade,
  message_id uuid not null,
  seq bigint,
  primary key (user_id, client_event_id)
);
