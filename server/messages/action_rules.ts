/**
 * Who may do what to a message (issue 11): edit, the author only; delete, the author or the
 * room's owner (moderation); react and unreact, members only, at most
 * {@linkcode REACTIONS_MAX_EMOJI} distinct emoji on a message. Nothing but deleting is done to a
 * deleted message. Private and direct rooms are invisible (404) to non-members, as everywhere.
 *
 * The rules read an {@linkcode ActionState} the store takes under the room's lock, so what they
 * decide still holds when the change is committed.
 *
 * @module
 */
import { ChatError, REACTIONS_MAX_EMOJI } from "../../shared/mod.ts";
import type { ActionState, MessageAction } from "../store/message_actions.ts";

/**
 * Throws the error that refuses `action`, or returns when it may be applied. An action that
 * would change nothing (deleting a deleted message, adding a reaction that is there) is allowed:
 * the store applies it as a no-op.
 *
 * @throws {ChatError} `room_not_found`, `not_member`, `message_not_found`, `message_deleted`,
 * `forbidden`, `too_many_reactions`
 */
export function checkAction(action: MessageAction, state: ActionState): void {
  if (!state.room || (!state.role && state.room.kind !== "public")) {
    throw new ChatError(
      "room_not_found",
      `Room "${action.roomId}" does not exist or is not visible to you`,
    );
  }
  if (!state.role) {
    throw new ChatError("not_member", `You are not a member of room "${state.room.name}"`);
  }
  const message = state.message;
  if (!message) {
    throw new ChatError("message_not_found", `Message "${action.messageId}" is not in this room`);
  }
  const mine = message.senderId === action.userId;
  if (action.kind === "delete") {
    if (!mine && state.room.ownerId !== action.userId) {
      throw new ChatError("forbidden", "Only its author or the room's owner may delete a message");
    }
    return;
  }
  if (message.deleted) {
    throw new ChatError("message_deleted", `Message "${action.messageId}" was deleted`);
  }
  if (action.kind === "edit" && !mine) {
    throw new ChatError("forbidden", "Only its author may edit a message");
  }
  if (
    action.kind === "react" && !state.emoji.includes(action.emoji) &&
    state.emoji.length >= REACTIONS_MAX_EMOJI
  ) {
    throw new ChatError(
      "too_many_reactions",
      `A message has at most ${REACTIONS_MAX_EMOJI} different emoji`,
    );
  }
}
