/**
 * What every command works with: the server chosen by `--server`, the credentials file, and,
 * for commands that need a login, the saved session and an API client that uses it.
 *
 * @module
 */
import type { NotifyChannels } from "../client/terminal_notifier.ts";
import { ApiClient } from "../client/api_client.ts";
import { CredentialStore } from "../client/credentials.ts";
import { Session } from "../client/session.ts";
import { CliError } from "./errors.ts";

/** The setting of one CLI run. */
export interface CliContext {
  /** The normalised server URL, from `--server` or `CHAT_SERVER`. */
  serverUrl: string;
  store: CredentialStore;
  /**
   * What every request and WebSocket of the run connects with: one trusting the CA of
   * `--ca-file` (`CHAT_CA_FILE`), or undefined for Deno's own.
   */
  httpClient?: Deno.HttpClient;
  /** How the chat screen notifies, from `--notify`/`--no-notify`; default bell and desktop. */
  notify?: NotifyChannels;
}

/** A logged-in client. */
export interface LoggedIn {
  session: Session;
  api: ApiClient;
}

/**
 * The saved login for the context's server, renewed first when its access token is about to
 * expire.
 *
 * @param ctx the server and credentials file
 * @returns the session and an API client that refreshes through it
 * @throws {CliError} `not logged in to <url>: run chat-tui login (…)` when nothing is saved
 * @throws {SessionExpiredError} when the saved login is over
 * @throws {ServerUnreachableError} when a renewal was due and the server cannot be reached
 *
 * @example In a command
 * ```ts ignore
 * const { api } = await requireLogin(ctx);
 * console.log((await api.me()).username);
 * ```
 */
export async function requireLogin(ctx: CliContext): Promise<LoggedIn> {
  const session = await Session.load(ctx.store, ctx.serverUrl, { httpClient: ctx.httpClient });
  if (!session) {
    throw new CliError(
      `not logged in to ${ctx.serverUrl}: run chat-tui login (or chat-tui register)`,
    );
  }
  await session.freshAccessToken();
  return {
    session,
    api: new ApiClient({ baseUrl: ctx.serverUrl, tokens: session, httpClient: ctx.httpClient }),
  };
}
