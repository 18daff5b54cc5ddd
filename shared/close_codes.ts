/**
 * WebSocket close codes the server uses, and whether a client should reconnect after each.
 *
 * 1000–1015 are defined by RFC 6455 §7.4.1; 4000–4999 are reserved there for applications and
 * carry this protocol's own meanings.
 *
 * @module
 */

/** Close codes with their meaning and the client's expected reaction. */
export const CLOSE_CODES = {
  /** RFC 6455: normal closure, e.g. the client logged out. */
  normal: { code: 1000, reconnect: false, reason: "normal closure" },
  /** RFC 6455: the server is going away for good (not a restart). */
  goingAway: { code: 1001, reconnect: true, reason: "going away" },
  /** RFC 6455: the peer broke the protocol repeatedly (50 bad frames within 10 s). */
  policyViolation: { code: 1008, reconnect: false, reason: "policy violation" },
  /** RFC 6455 (IANA registry): the server restarts; reconnect at once. */
  serviceRestart: { code: 1012, reconnect: true, reason: "service restart" },
  /**
   * The client read too slowly and its outbound queue passed the server's bound: reconnect and
   * resume, nothing is lost.
   */
  slowConsumer: { code: 4008, reconnect: true, reason: "slow consumer" },
  /** No valid `hello` in time, or its access token was invalid: log in again, then reconnect. */
  unauthorized: { code: 4401, reconnect: false, reason: "unauthorized" },
} as const;

/** The name of a close code in {@linkcode CLOSE_CODES}. */
export type CloseCodeName = keyof typeof CLOSE_CODES;
