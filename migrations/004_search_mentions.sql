-- Search, mentions and notification levels (issue 14).

-- Full-text search. The vector is generated from the current text, so an edit re-indexes the
-- message and a delete (which erases the text to '') leaves an empty vector that matches nothing.
-- 'english' stems words ("deploying" finds "deploy") and drops stop words.
alter table messages
  add column search tsvector generated always as (to_tsvector('english', text)) stored;
create index messages_search_idx on messages using gin (search);
-- Hits come newest first; the keyset cursor continues at (created_at, id).
create index messages_created_idx on messages (created_at desc, id desc);

-- One row per (message, user it mentions): `@username` of a member (not the sender), `@room`
-- for every member but the sender, and in a direct room the other member. The trigger below
-- keeps the rows in step with the text, whoever changes it: an edit re-checks, a delete (text
-- erased) drops them. `room_id` and `seq` are the message's, copied so that counting unread
-- mentions needs no join.
create table mentions (
  message_id uuid not null references messages (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  room_id uuid not null references rooms (id) on delete cascade,
  seq bigint not null,
  created_at timestamptz not null,
  primary key (message_id, user_id)
);
-- mention_count per room (seq after the read marker) and GET /mentions (newest first)
create index mentions_user_room_idx on mentions (user_id, room_id, seq);
create index mentions_user_created_idx on mentions (user_id, created_at desc, message_id desc);

-- The usernames `text` mentions, lower-cased: `@name` not preceded by a word character (so an
-- e-mail address mentions nobody). Mirrored by `mentionedNames()` in shared/mentions.ts; a test
-- checks both agree.
create function mentioned_names(text text) returns text[] language sql immutable as $$
  select coalesce(array_agg(distinct lower(m[1])), '{}')
  from regexp_matches(text, '(?:^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{3,32})(?![A-Za-z0-9_])', 'g') m
$$;

create function messages_mentions() returns trigger language plpgsql as $$
declare
  names text[];
  room_kind text;
  everyone boolean;
begin
  if tg_op = 'UPDATE' then
    delete from mentions where message_id = new.id;
  end if;
  if new.text = '' then
    return null;
  end if;
  select kind into room_kind from rooms where id = new.room_id;
  if room_kind <> 'direct' and position('@' in new.text) = 0 then
    return null;
  end if;
  names := mentioned_names(new.text);
  -- @room is rate-limited when a message is sent; an edit may keep it but not add it.
  everyone := room_kind <> 'direct' and 'room' = any(names)
    and (tg_op = 'INSERT' or 'room' = any(mentioned_names(old.text)));
  insert into mentions (message_id, user_id, room_id, seq, created_at)
  select new.id, m.user_id, new.room_id, new.seq, new.created_at
  from room_members m join users u on u.id = m.user_id
  where m.room_id = new.room_id and m.user_id <> new.sender_id
    and (room_kind = 'direct' or everyone or u.username = any(names));
  return null;
end
$$;

create trigger messages_mentions after insert or update of text on messages
  for each row execute function messages_mentions();

-- Notification level of a member for a room: 'all', 'mentions' or 'none' (muted); null means
-- the default, 'all' for direct rooms and 'mentions' for the others.
alter table room_members
  add column notification_level text check (notification_level in ('all', 'mentions', 'none'));
