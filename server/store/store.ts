/**
 * The store: everything the server keeps, behind one interface. The same SQL runs on Postgres and
 * on embedded PGlite; which one is decided by the {@linkcode SqlExecutor} it is built on.
 *
 * @module
 */
import type { SqlExecutor } from "../db/sql_executor.ts";
import { createEventStore, type EventStore } from "./event_store.ts";
import { createMessageActions, type MessageActions } from "./message_actions.ts";
import {
  createMessageStore,
  type MessageStore,
  type MessageStoreOptions,
} from "./message_store.ts";
import { createMentionStore, type MentionStore } from "./mention_store.ts";
import { createReadMarkerStore, type ReadMarkerStore } from "./read_marker_store.ts";
import { createRefreshTokenStore, type RefreshTokenStore } from "./refresh_token_store.ts";
import { createRoomStore, type RoomStore } from "./room_store.ts";
import { createSearchStore, type SearchStore } from "./search_store.ts";
import { createSessionStore, type SessionStore } from "./session_store.ts";
import { createUserStore, type UserStore } from "./user_store.ts";

/** All persistent state of the server. */
export interface Store {
  users: UserStore;
  rooms: RoomStore;
  messages: MessageStore;
  /** Edit, delete, react and unreact, each with its event. */
  actions: MessageActions;
  /** The room event stream, for resume, gap fill and `GET /rooms/:id/events`. */
  events: EventStore;
  readMarkers: ReadMarkerStore;
  refreshTokens: RefreshTokenStore;
  sessions: SessionStore;
  search: SearchStore;
  mentions: MentionStore;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  /** Closes the underlying connection or pool. */
  close(): Promise<void>;
}

/** A {@linkcode Store} over `db`; closing the store closes `db`. */
export function createStore(db: SqlExecutor, messages: MessageStoreOptions = {}): Store {
  return {
    users: createUserStore(db),
    rooms: createRoomStore(db),
    messages: createMessageStore(db, messages),
    actions: createMessageActions(db),
    events: createEventStore(db),
    readMarkers: createReadMarkerStore(db),
    refreshTokens: createRefreshTokenStore(db),
    sessions: createSessionStore(db),
    search: createSearchStore(db),
    mentions: createMentionStore(db),
    async ping() {
      await db.query("select 1");
    },
    close: () => db.close(),
  };
}
