/**
 * The thread view: opening a message's thread over its room, loading its replies, closing it.
 * Replies arriving live are placed by `event_reducer.ts`. Handlers of the chat reducer's table.
 *
 * @module
 */
import type { ChatActionOf } from "./chat_actions.ts";
import type { ChatState, ThreadView } from "./chat_state.ts";
import { mergeMessages } from "./room_messages.ts";

type ThreadActionType = "thread_opened" | "thread_loaded" | "thread_failed" | "thread_closed";

type Handler<T extends ThreadActionType> = (
  state: ChatState,
  action: ChatActionOf<T>,
) => ChatState;

/** The handlers of the thread actions. */
export const threadHandlers = {
  thread_opened: (state, { root }) => {
    // Only a message of the room's timeline has a thread.
    if (root.thread_root_id !== null || root.room_id !== state.currentRoomId) return state;
    const thread: ThreadView = {
      room_id: root.room_id,
      root,
      messages: [],
      history: "loading",
      hasOlder: false,
    };
    return { ...state, thread, selected: null, compose: null };
  },
  thread_loaded: (state, { root_id, messages, has_more }) => {
    const thread = state.thread;
    if (thread?.root.id !== root_id) return state;
    const merged = mergeMessages(thread.messages, messages);
    return {
      ...state,
      thread: { ...thread, messages: merged, history: "loaded", hasOlder: has_more },
    };
  },
  thread_failed: (state, { root_id, error }) => {
    if (state.thread?.root.id !== root_id) return state;
    return {
      ...state,
      thread: { ...state.thread, history: "failed" },
      notice: { level: "error", lines: [`Cannot load the thread: ${error}`] },
    };
  },
  thread_closed: (state) =>
    state.thread === null ? state : { ...state, thread: null, selected: null, compose: null },
} satisfies { [T in ThreadActionType]: Handler<T> };
