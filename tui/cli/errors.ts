/**
 * How failures read on the command line: one line each, lower case like the rest of the CLI's
 * output, and an exit code. Server error codes map to lines through one table; an unexpected
 * error (a bug) also prints one line, with its stack only when `CHAT_TUI_DEBUG` is set.
 *
 * @module
 */
import { z } from "zod";
import { ChatError, type ErrorCode } from "../../shared/mod.ts";
import { ServerUnreachableError } from "../client/api_client.ts";
import { CredentialsFileError } from "../client/credentials.ts";
import { SESSION_EXPIRED_MESSAGE } from "../client/session.ts";
import { CaFileError, certificateProblem } from "../client/trust_ca.ts";

/** An expected failure of a command; its message is the line to print. */
export class CliError extends Error {
  /** @param message the line, lower case, without trailing period */
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = "CliError";
  }
}

/** A failure as the user sees it. */
export interface Failure {
  /** The one line for stderr. */
  line: string;
  /** The process exit code, never 0. */
  exitCode: number;
}

/**
 * Lines for server error codes, from the server's message. Codes not listed print the server's
 * message: those already name what went wrong (`Room name "x" is taken`).
 */
const LINES: Partial<Record<ErrorCode, (message: string) => string>> = {
  invalid_credentials: () => "wrong username or password",
  refresh_token_invalid: () => SESSION_EXPIRED_MESSAGE,
  token_expired: () => SESSION_EXPIRED_MESSAGE,
  unauthorized: () => "the server refused the login: run chat-tui login",
  invalid_request: (message) => `invalid input: ${message}`,
  payload_too_large: () => "too large: the server takes at most 64 KiB per request",
  not_found: (message) => `the server does not know this request (${message}): is it up to date?`,
  internal_error: () => "the server failed to handle the request: try again later",
};

/**
 * The line and exit code for any error a command throws.
 *
 * @param err what was thrown
 * @param serverUrl the server the command talked to, for errors that should name it
 * @returns the failure to report
 *
 * @example A server error code becomes a line
 * ```ts
 * import { ChatError } from "../../shared/mod.ts";
 * import { describeFailure } from "./errors.ts";
 * describeFailure(new ChatError("invalid_credentials", "Wrong username or password"), "");
 * // { line: "wrong username or password", exitCode: 1 }
 * ```
 */
export function describeFailure(err: unknown, serverUrl: string): Failure {
  if (err instanceof CliError) return { line: err.message, exitCode: err.exitCode };
  if (err instanceof ServerUnreachableError) {
    const problem = certificateProblem(err);
    if (problem) {
      return {
        line: `the certificate of ${err.url} is not trusted (${problem}): ` +
          "give the CA that signed it with --ca-file or CHAT_CA_FILE",
        exitCode: 1,
      };
    }
    return { line: `cannot reach the chat server at ${err.url}`, exitCode: 1 };
  }
  if (err instanceof CaFileError) return { line: lowerFirst(err.message), exitCode: 1 };
  if (err instanceof ChatError) {
    const line = LINES[err.code]?.(err.message) ?? lowerFirst(err.message);
    return { line, exitCode: 1 };
  }
  if (err instanceof CredentialsFileError) return { line: lowerFirst(err.message), exitCode: 1 };
  // @inquirer/prompts rejects with this when the user presses Ctrl+C in a prompt.
  if (err instanceof Error && err.name === "ExitPromptError") {
    return { line: "cancelled", exitCode: 130 };
  }
  if (err instanceof z.ZodError) {
    return {
      line: `unexpected answer from ${serverUrl}: is it a chat server of this version?`,
      exitCode: 1,
    };
  }
  const detail = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, " ");
  return { line: `internal error: ${detail} (set CHAT_TUI_DEBUG=1 for details)`, exitCode: 1 };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
