/**
 * The chat screen's server calls, as plain async functions that report through `dispatch`. The
 * hooks and the slash commands run them; none of them throws.
 *
 * @module
 */
import { HISTORY_DEFAULT_LIMIT } from "../../shared/mod.ts";
import type { ApiClient } from "../client/api_client.ts";
import type { ChatAction, HistoryDirection } from "../state/chat_actions.ts";
import type { RoomEntry } from "../state/chat_state.ts";

/** Where effects report to. */
export type Dispatch = (action: ChatAction) => void;

/** The API calls the screen makes. */
export type ChatApi = Pick<
  ApiClient,
  | "rooms"
  | "history"
  | "thread"
  | "members"
  | "joinRoom"
  | "leaveRoom"
  | "createRoom"
  | "openDirect"
  | "invite"
  | "updateRoom"
  | "search"
  | "mentions"
  | "setNotificationLevel"
>;

/** A failure as one line for the notice area. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Shows an error in the notice area. */
export function showError(dispatch: Dispatch, err: unknown): void {
  dispatch({ type: "notice_shown", notice: { level: "error", lines: [errorText(err)] } });
}

/** `GET /rooms` into the state, showing `select` (id or name) when given; errors are shown. */
export async function loadRooms(api: ChatApi, dispatch: Dispatch, select?: string): Promise<void> {
  try {
    const rooms = await api.rooms();
    dispatch(
      select === undefined
        ? { type: "rooms_loaded", rooms }
        : { type: "rooms_loaded", rooms, select },
    );
  } catch (err) {
    showError(dispatch, err);
  }
}

/** Page size for history: the server's default (50 messages fill even a tall terminal). */
const PAGE_LIMIT = HISTORY_DEFAULT_LIMIT;

/**
 * Loads one page of a room's history: the newest page, the page before the first message held,
 * or the page after the last one held (keyset pagination on `seq`).
 */
export async function loadHistory(
  api: ChatApi,
  dispatch: Dispatch,
  entry: RoomEntry,
  direction: HistoryDirection,
): Promise<void> {
  const room_id = entry.room.id;
  dispatch({ type: "history_requested", room_id, direction });
  const before = entry.messages[0]?.seq;
  const after = entry.messages.at(-1)?.seq;
  try {
    const query = direction === "older" && before !== undefined
      ? { before_seq: before, limit: PAGE_LIMIT }
      : direction === "newer" && after !== undefined
      ? { after_seq: after, limit: PAGE_LIMIT }
      : { limit: PAGE_LIMIT };
    const page = await api.history(room_id, query);
    dispatch({ type: "history_loaded", room_id, direction, ...page });
  } catch (err) {
    dispatch({ type: "history_failed", room_id, direction, error: errorText(err) });
  }
}

/** Loads a room's members (for the header, /who and Tab completion). */
export async function loadMembers(api: ChatApi, dispatch: Dispatch, roomId: string): Promise<void> {
  try {
    const members = await api.members(roomId);
    dispatch({
      type: "members_loaded",
      room_id: roomId,
      members: members.map((m) => m.user),
      online: members.filter((m) => m.online).map((m) => m.user.id),
    });
  } catch (err) {
    showError(dispatch, err);
  }
}
