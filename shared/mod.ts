/**
 * The chat wire protocol: zod schemas for every REST body and WebSocket frame, the room event
 * stream, the error codes and the close codes. Server and client take their types from here and
 * declare none of their own.
 *
 * @module
 */
export * from "./auth.ts";
export * from "./close_codes.ts";
export * from "./errors.ts";
export * from "./events.ts";
export * from "./frames.ts";
export * from "./health.ts";
export * from "./limits.ts";
export * from "./mentions.ts";
export * from "./messages.ts";
export * from "./notifications.ts";
export * from "./nullable.ts";
export * from "./reactions.ts";
export * from "./rooms.ts";
export * from "./search.ts";
export * from "./sessions.ts";
export * from "./text.ts";
export * from "./users.ts";
