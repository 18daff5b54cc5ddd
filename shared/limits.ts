/**
 * Limits of the protocol, named once so server validation and client checks agree.
 * Each value comes from the server-core issue unless said otherwise.
 *
 * @module
 */

/** Usernames: 3–32 characters from `[a-z0-9_]`. */
export const USERNAME_PATTERN = /^[a-z0-9_]{3,32}$/;
/** Passwords: 8–128 characters. */
export const PASSWORD_MIN_LENGTH = 8;
/** Passwords: 8–128 characters. */
export const PASSWORD_MAX_LENGTH = 128;
/** Room names: 1–64 characters from `[a-z0-9_-]`, starting with a letter or digit. */
export const ROOM_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
/** Room topics: at most 512 characters. */
export const TOPIC_MAX_LENGTH = 512;
/** Message text: 1–4096 characters (Unicode code points) after trimming. */
export const MESSAGE_MAX_LENGTH = 4096;
/** Largest HTTP request body, in bytes (64 KiB); larger ones get 413. */
export const MAX_BODY_BYTES = 64 * 1024;
/** History page size when `limit` is not given. */
export const HISTORY_DEFAULT_LIMIT = 50;
/** Largest history page. */
export const HISTORY_MAX_LIMIT = 200;
/** A WebSocket must send a valid `hello` within this many milliseconds. */
export const HELLO_TIMEOUT_MS = 5_000;
/** Largest WebSocket frame the server reads, in bytes (64 KiB), from the delivery issue. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Most events replayed per room on resume; beyond it `synced` says `truncated`. */
export const RESUME_MAX_MESSAGES = 1000;
/** Protocol violations tolerated within {@linkcode VIOLATION_WINDOW_MS} before close 1008. */
export const MAX_VIOLATIONS = 50;
/** Window for counting protocol violations, in ms. */
export const VIOLATION_WINDOW_MS = 10_000;
/** A reply's preview of the message it quotes: its first 100 characters (code points). */
export const REPLY_PREVIEW_LENGTH = 100;
/** Most distinct emoji on one message; a reaction with one more is refused. */
export const REACTIONS_MAX_EMOJI = 20;
/** Most users listed per emoji on a message; `count` still counts them all. */
export const REACTION_USERS_SHOWN = 10;
/** Events page size of `GET /rooms/:id/events` when `limit` is not given. */
export const EVENTS_DEFAULT_LIMIT = 100;
/** Largest events page of `GET /rooms/:id/events`. */
export const EVENTS_MAX_LIMIT = 1000;
