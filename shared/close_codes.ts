/**
 * WebSocket close codes the server uses, and whether a client should reconnect after each.
 *
 * 1000–1015 are defined by RFC 6455 §7.4.1; 4000–4999 are reserved there for applications and
 * carry this protocol's own meanings.
 *
 * @module
 */
import { HELLO_TIMEOUT_MS, MAX_VIOLATIONS, VIOLATION_WINDOW_MS } from "./limits.ts";

/** One close code: what the server sends and what a client should do about it. */
export interface CloseCode {
  /** The WebSocket close code. */
  readonly code: number;
  /** Whether a client should reconnect on its own: clients act on this, never on the text. */
  readonly reconnect: boolean;
  /** The close reason the server sends with the code. */
  readonly reason: string;
  /**
   * For people: whether and how to reconnect, and why the server closed. The README's close code
   * table is generated from it (`deno task docs`); it starts with "Yes" exactly when
   * {@linkcode reconnect} is true, which a test checks.
   */
  readonly advice: string;
}

/** Close codes with their meaning and the client's expected reaction. */
export const CLOSE_CODES = {
  /** RFC 6455: normal closure, e.g. the client logged out. */
  normal: { code: 1000, reconnect: false, reason: "normal closure", advice: "No." },
  /** RFC 6455: the server is going away for good (not a restart). */
  goingAway: { code: 1001, reconnect: true, reason: "going away", advice: "Yes." },
  /** RFC 6455: the peer broke the protocol repeatedly (50 bad frames within 10 s). */
  policyViolation: {
    code: 1008,
    reconnect: false,
    reason: "policy violation",
    advice: `No: ${MAX_VIOLATIONS} invalid frames within ${VIOLATION_WINDOW_MS / 1000} s.`,
  },
  /** RFC 6455 (IANA registry): the server restarts; reconnect at once. */
  serviceRestart: {
    code: 1012,
    reconnect: true,
    reason: "service restart",
    advice: "Yes, at once: the server is restarting (sent on SIGINT and SIGTERM).",
  },
  /**
   * The client read too slowly and its outbound queue passed the server's bound: reconnect and
   * resume, nothing is lost.
   */
  slowConsumer: {
    code: 4008,
    reconnect: true,
    reason: "slow consumer",
    advice: "Yes, with `resume`: the client read nothing for 10 s, or fell behind by more than " +
      "4 × `WS_MAX_BUFFERED_BYTES`.",
  },
  /**
   * The user opened more sockets on the instance than `WS_MAX_SOCKETS_PER_USER` (default 20): the
   * oldest is closed. Reconnecting on its own would close another of the user's sockets in turn.
   */
  tooManyConnections: {
    code: 4409,
    reconnect: false,
    reason: "too many connections",
    advice: "No: the user opened more than `WS_MAX_SOCKETS_PER_USER` sockets on one instance " +
      "(default 20), and this, the oldest, was closed.",
  },
  /**
   * No valid `hello` in time, its access token was invalid, or its session was revoked (logout,
   * a revoked session, a password change): log in again, then reconnect.
   */
  unauthorized: {
    code: 4401,
    reconnect: false,
    reason: "unauthorized",
    advice: "Not before logging in again: no valid `hello` in " +
      `${HELLO_TIMEOUT_MS / 1000} s, a bad token, or the session was revoked (logout, ` +
      "`DELETE /sessions/:id`, a password change).",
  },
} as const satisfies Record<string, CloseCode>;

/** The name of a close code in {@linkcode CLOSE_CODES}. */
export type CloseCodeName = keyof typeof CLOSE_CODES;
