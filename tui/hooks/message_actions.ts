/**
 * Acting on a message: edit, delete, reply and react, shared by the selection mode's keys and the
 * slash commands. Edits, deletes and reactions go out as frames through the action queue (their
 * ack or error comes back as a frame); replies are messages, through the outbox. Each function
 * checks what the server would refuse first, and throws an error that says why.
 *
 * @module
 */
import type { Message } from "../../shared/mod.ts";
import type { ActionQueue, MessageAction } from "../client/action_queue.ts";
import { type ChatState, currentRoom, type PendingAction } from "../state/chat_state.ts";
import { selectable } from "../state/selection_reducer.ts";
import type { Dispatch } from "./chat_effects.ts";

/** What the message actions work with. */
export interface ActionContext {
  actions: ActionQueue;
  state: ChatState;
  dispatch: Dispatch;
}

/** My newest message in the list shown that is not deleted (what `/edit` changes). */
export function myLastMessage(state: ChatState): Message {
  const mine = selectable(state).findLast((m) => m.sender.id === state.me.id && !m.deleted);
  if (!mine) throw new Error("No message of mine here to change");
  return mine;
}

/**
 * The message a command acts on: the one being answered or reacted to, else the newest one shown
 * that is not deleted.
 */
export function commandTarget(state: ChatState): Message {
  if (state.compose) return state.compose.message;
  const last = selectable(state).findLast((m) => !m.deleted);
  if (!last) throw new Error("No message here yet");
  return last;
}

/** Whether I may delete `message`: mine, or any in a room I own. */
export function mayDelete(state: ChatState, message: Message): boolean {
  const entry = currentRoom(state);
  return message.sender.id === state.me.id || entry?.room.owner_id === state.me.id;
}

/** Whether I reacted to `message` with `emoji` (among the users the server lists). */
export function reactedByMe(state: ChatState, message: Message, emoji: string): boolean {
  const reaction = message.reactions.find((r) => r.emoji === emoji);
  return reaction?.users.some((u) => u.id === state.me.id) ?? false;
}

/**
 * Replaces the text of my message.
 *
 * @throws {Error} when the message is not mine, is deleted, or the text is empty
 */
export function editMessage(ctx: ActionContext, message: Message, text: string): void {
  if (message.sender.id !== ctx.state.me.id) {
    throw new Error("Only your own messages can be edited");
  }
  if (message.deleted) throw new Error("A deleted message cannot be edited");
  const trimmed = text.trim();
  if (trimmed === "") throw new Error("An edit needs text: /delete removes a message");
  if (trimmed === message.text) return ctx.dispatch({ type: "compose_ended" });
  submit(ctx, { type: "edit", room_id: message.room_id, message_id: message.id, text: trimmed });
}

/**
 * Deletes a message (asked for and confirmed before this).
 *
 * @throws {Error} when it is neither mine nor in a room I own, or already deleted
 */
export function deleteMessage(ctx: ActionContext, message: Message): void {
  if (!mayDelete(ctx.state, message)) {
    throw new Error("Only your own messages can be deleted, or any in a room you own");
  }
  if (message.deleted) throw new Error("This message is already deleted");
  submit(ctx, { type: "delete", room_id: message.room_id, message_id: message.id });
}

/** Adds my reaction with `emoji`, or takes it back when I already reacted with it. */
export function toggleReaction(ctx: ActionContext, message: Message, emoji: string): void {
  if (message.deleted) throw new Error("A deleted message cannot be reacted to");
  const type = reactedByMe(ctx.state, message, emoji) ? "unreact" : "react";
  submit(ctx, { type, room_id: message.room_id, message_id: message.id, emoji });
}

function submit(ctx: ActionContext, action: MessageAction): void {
  const client_event_id = ctx.actions.submit(action);
  const pending: PendingAction = {
    type: action.type,
    room_id: action.room_id,
    message_id: action.message_id,
  };
  ctx.dispatch({ type: "action_submitted", client_event_id, action: pending });
}

/**
 * Shows the thread of a message of the timeline.
 *
 * @throws {Error} when the message is itself a thread reply (its thread is the one shown)
 */
export function openThread(ctx: Pick<ActionContext, "dispatch">, message: Message): void {
  if (message.thread_root_id !== null) throw new Error("This message is already in a thread");
  ctx.dispatch({ type: "thread_opened", root: message });
}
