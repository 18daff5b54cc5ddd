/**
 * A login on one server: the tokens, kept fresh and persisted.
 *
 * Refresh tokens rotate on every use and presenting a spent one revokes the whole login (see the
 * server's auth service), so three rules hold here: a rotated pair is written to the credentials
 * file before anyone gets the new access token; concurrent refreshes share one request; and
 * before refreshing, the file is read again in case another `chat-tui` process already rotated
 * the tokens, whose refresh token is then the only live one.
 *
 * @module
 */
import { ChatError, type TokenPair, type UserRef } from "../../shared/mod.ts";
import { ApiClient, type TokenProvider } from "./api_client.ts";
import type { CredentialStore, ServerCredentials } from "./credentials.ts";

/** The one line shown when the login is over and only a new `login` helps. */
export const SESSION_EXPIRED_MESSAGE = "session expired: run chat-tui login";

/**
 * The refresh token was refused (expired, revoked, or reused): the user must log in again. A
 * {@linkcode ChatError} with code `refresh_token_invalid`, as {@linkcode TokenProvider} promises.
 */
export class SessionExpiredError extends ChatError {
  constructor() {
    super("refresh_token_invalid", SESSION_EXPIRED_MESSAGE);
    this.name = "SessionExpiredError";
  }
}

/** The auth calls a session makes; an {@linkcode ApiClient} has them. */
export type SessionAuth = Pick<ApiClient, "refresh" | "logout">;

/** Options for {@linkcode Session.start} and {@linkcode Session.load}. */
export interface SessionOptions {
  /** Refresh ahead of time when the access token has less than this left, in ms; default 60,000. */
  refreshMarginMs?: number;
  /** The clock, in epoch ms; default `Date.now`. */
  now?: () => number;
  /** The auth endpoints; default an {@linkcode ApiClient} on the server URL with `httpClient`. */
  auth?: SessionAuth;
  /** The client the default `auth` connects with, e.g. one trusting a private CA. */
  httpClient?: Deno.HttpClient;
}

type Tokens = Omit<ServerCredentials, "last_room_id">;

/**
 * A login on one server. Implements {@linkcode TokenProvider} for the {@linkcode ApiClient}.
 *
 * @example An API client that stays logged in
 * ```ts ignore
 * import { ApiClient } from "./api_client.ts";
 * import { CredentialStore } from "./credentials.ts";
 * import { Session } from "./session.ts";
 * const url = "http://localhost:8080";
 * const session = await Session.load(new CredentialStore(), url);
 * if (session) {
 *   const api = new ApiClient({ baseUrl: url, tokens: session });
 *   console.log(await api.rooms());
 *   await session.settled(); // before exiting: a rotated token must reach the file
 * }
 * ```
 */
export class Session implements TokenProvider {
  readonly #serverUrl: string;
  readonly #store: CredentialStore;
  readonly #auth: SessionAuth;
  readonly #marginMs: number;
  readonly #now: () => number;
  #tokens: Tokens;
  #refreshing: Promise<string> | undefined;

  private constructor(
    serverUrl: string,
    store: CredentialStore,
    tokens: Tokens,
    o: SessionOptions,
  ) {
    this.#serverUrl = serverUrl;
    this.#store = store;
    this.#tokens = tokens;
    this.#auth = o.auth ?? new ApiClient({ baseUrl: serverUrl, httpClient: o.httpClient });
    this.#marginMs = o.refreshMarginMs ?? 60_000;
    this.#now = o.now ?? Date.now;
  }

  /**
   * Starts a session from a fresh login and saves it, replacing any entry of the server.
   * @param pair the answer of `POST /auth/login`
   * @throws {CredentialsFileError} when the credentials file cannot be written
   */
  static async start(
    store: CredentialStore,
    serverUrl: string,
    pair: TokenPair,
    options: SessionOptions = {},
  ): Promise<Session> {
    const now = options.now ?? Date.now;
    const session = new Session(serverUrl, store, {
      username: pair.user.username,
      user_id: pair.user.id,
      access_token: pair.access_token,
      refresh_token: pair.refresh_token,
      access_expires_at: now() + pair.expires_in * 1000,
    }, options);
    await store.save(serverUrl, session.#tokens);
    return session;
  }

  /**
   * The saved session of a server.
   * @returns undefined when not logged in there
   * @throws {CredentialsFileError} when the credentials file cannot be read or is corrupt
   */
  static async load(
    store: CredentialStore,
    serverUrl: string,
    options: SessionOptions = {},
  ): Promise<Session | undefined> {
    const entry = await store.get(serverUrl);
    return entry && new Session(serverUrl, store, entry, options);
  }

  /** The logged-in user. */
  get user(): UserRef {
    return { id: this.#tokens.user_id, username: this.#tokens.username };
  }

  /** The current access token, possibly expired; see {@linkcode freshAccessToken}. */
  accessToken(): string {
    return this.#tokens.access_token;
  }

  /**
   * An access token valid for at least the refresh margin, refreshing first when needed.
   * @throws {SessionExpiredError} when the refresh token is refused
   * @throws {ServerUnreachableError} when the server cannot be reached
   */
  freshAccessToken(): Promise<string> {
    if (this.#nearExpiry()) return this.refresh();
    return Promise.resolve(this.#tokens.access_token);
  }

  /**
   * Trades the refresh token for a new pair and saves it. Calls made while one is running share
   * its result.
   * @returns the new access token
   * @throws {SessionExpiredError} when the refresh token is refused
   * @throws {ServerUnreachableError} when the server cannot be reached
   * @throws {CredentialsFileError} when the new pair cannot be saved (it is still used in memory)
   */
  refresh(): Promise<string> {
    this.#refreshing ??= this.#rotate().finally(() => this.#refreshing = undefined);
    return this.#refreshing;
  }

  /** Resolves once no refresh is running, so that exiting cannot lose a rotated token. */
  async settled(): Promise<void> {
    await this.#refreshing?.catch(() => {});
  }

  /**
   * Revokes the login on the server and deletes the saved entry. A login the server already
   * forgot counts as logged out.
   * @throws {ServerUnreachableError} when the server cannot be reached; nothing is deleted then
   */
  async logout(): Promise<void> {
    await this.settled();
    await this.#adoptSaved();
    try {
      await this.#auth.logout(this.#tokens.refresh_token);
    } catch (err) {
      if (!(err instanceof ChatError && err.code === "refresh_token_invalid")) throw err;
    }
    await this.#store.remove(this.#serverUrl);
  }

  async #rotate(): Promise<string> {
    if (await this.#adoptSaved() && !this.#nearExpiry()) return this.#tokens.access_token;
    let pair: TokenPair;
    try {
      pair = await this.#auth.refresh(this.#tokens.refresh_token);
    } catch (err) {
      if (err instanceof ChatError && err.code === "refresh_token_invalid") {
        throw new SessionExpiredError();
      }
      throw err;
    }
    this.#tokens = {
      username: pair.user.username,
      user_id: pair.user.id,
      access_token: pair.access_token,
      refresh_token: pair.refresh_token,
      access_expires_at: this.#now() + pair.expires_in * 1000,
    };
    const saved = await this.#store.get(this.#serverUrl).catch(() => undefined);
    const lastRoom = saved?.user_id === this.#tokens.user_id ? saved.last_room_id : undefined;
    await this.#store.save(this.#serverUrl, { ...this.#tokens, last_room_id: lastRoom });
    return this.#tokens.access_token;
  }

  /**
   * Takes the saved tokens when another process rotated them for the same user.
   * @returns true when it did
   */
  async #adoptSaved(): Promise<boolean> {
    const saved = await this.#store.get(this.#serverUrl);
    if (
      !saved || saved.user_id !== this.#tokens.user_id ||
      saved.refresh_token === this.#tokens.refresh_token
    ) return false;
    const { last_room_id: _, ...tokens } = saved;
    this.#tokens = tokens;
    return true;
  }

  #nearExpiry(): boolean {
    return this.#now() >= this.#tokens.access_expires_at - this.#marginMs;
  }
}
