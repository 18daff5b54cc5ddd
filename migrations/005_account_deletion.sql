-- Deleting an account (issue 13). The users row stays, so that its messages (now tombstones), the
-- room events it acted in and the rooms' seqs stay whole: it is marked deleted, its username
-- becomes 'deleted user' (which no registration can choose: usernames are [a-z0-9_]) and its
-- password hash is emptied. The username it had is free again: usernames are unique among the
-- accounts that are not deleted.
alter table users add column deleted_at timestamptz;
alter table users drop constraint users_username_key;
create unique index users_username_key on users (username) where deleted_at is null;
