/**
 * My mentions across rooms and my notification level per room (issue 14).
 *
 * @module
 */
import {
  ChatError,
  type MentionPage,
  type MentionsQuery,
  type NotificationLevel,
  type NotificationSetting,
} from "../../shared/mod.ts";
import type { RoomService } from "../rooms/room_service.ts";
import { decodeCursor, encodeCursor } from "../search/cursor.ts";
import type { Store } from "../store/store.ts";

/** Mentions and notification levels, as seen by one user. */
export interface MentionService {
  /**
   * My mentions, newest first, in rooms I can read.
   * @throws {ChatError} `invalid_request` (a cursor of another listing)
   */
  list(userId: string, query: MentionsQuery): Promise<MentionPage>;
  /**
   * Sets my notification level for a room I am a member of.
   * @throws {ChatError} `room_not_found`, `not_member` (a public room not joined)
   */
  setLevel(userId: string, roomId: string, level: NotificationLevel): Promise<NotificationSetting>;
}

/** What the mention service needs. */
export interface MentionServiceDeps {
  store: Store;
  rooms: Pick<RoomService, "visible">;
}

/** Creates the mention service. */
export function createMentionService({ store, rooms }: MentionServiceDeps): MentionService {
  return {
    async list(userId, query) {
      const afterId = query.cursor === undefined
        ? undefined
        : decodeCursor(query.cursor, "mentions");
      const found = await store.mentions.list(userId, query.limit, afterId);
      const page = found.slice(0, query.limit);
      const last = page.at(-1);
      return {
        mentions: page,
        next_cursor: found.length > query.limit && last
          ? encodeCursor("mentions", last.message.id)
          : null,
      };
    },
    async setLevel(userId, roomId, level) {
      const set = await store.mentions.setLevel(roomId, userId, level);
      if (set) return { room_id: roomId, level: set };
      const { room } = await rooms.visible(userId, roomId);
      throw new ChatError(
        "not_member",
        `You are not a member of room "${room.name}": join it first`,
      );
    },
  };
}
