/**
 * Typed client of the chat HTTP API (`/api/v1`). Bodies are built from and responses parsed with
 * the shared/ schemas. An expired access token is refreshed once through the
 * {@linkcode TokenProvider} and the request retried.
 *
 * @module
 */
import type { z } from "zod";
import {
  type ChangePasswordBody,
  ChatError,
  type CreateRoomBody,
  type Credentials,
  type DeleteAccountBody,
  ErrorBody,
  HistoryPage,
  type HistoryQuery,
  type LoginBody,
  MemberList,
  MemberResponse,
  MentionPage,
  type MentionsQuery,
  MeResponse,
  MessageResponse,
  type NotificationLevel,
  NotificationSetting,
  ReadResponse,
  RegisterResponse,
  RoomList,
  RoomResponse,
  SearchPage,
  type SearchQuery,
  type SendMessageBody,
  SessionList,
  TokenPair,
  type UpdateRoomBody,
} from "../../shared/mod.ts";

/** The server did not answer at all (refused, DNS, timeout); `url` is the server's base URL. */
export class ServerUnreachableError extends Error {
  constructor(readonly url: string, cause: unknown) {
    super(`Cannot reach the chat server at ${url}`, { cause });
    this.name = "ServerUnreachableError";
  }
}

/** Supplies access tokens to the client and renews them. */
export interface TokenProvider {
  /** The current access token, or undefined when logged out. */
  accessToken(): string | undefined;
  /**
   * Obtains a new access token (normally with the refresh token).
   * @throws {ChatError} `refresh_token_invalid` when the session is over
   */
  refresh(): Promise<string>;
}

/** Options for {@linkcode ApiClient}. */
export interface ApiClientOptions {
  /** Server base URL, e.g. `http://localhost:8080`. */
  baseUrl: string;
  tokens?: TokenProvider;
  /** Per-request timeout in ms; default 10,000. */
  timeoutMs?: number;
  /** The client `fetch` connects with, e.g. one trusting a private CA; default Deno's own. */
  httpClient?: Deno.HttpClient;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One method per API route. */
export class ApiClient {
  readonly baseUrl: string;
  readonly #tokens: TokenProvider | undefined;
  readonly #timeoutMs: number;
  readonly #httpClient: Deno.HttpClient | undefined;

  constructor({ baseUrl, tokens, timeoutMs = 10_000, httpClient }: ApiClientOptions) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.#tokens = tokens;
    this.#timeoutMs = timeoutMs;
    this.#httpClient = httpClient;
  }

  /** `POST /auth/register` */
  async register(credentials: Credentials) {
    return (await this.#call("POST", "/auth/register", RegisterResponse, credentials, false)).user;
  }
  /** `POST /auth/login` */
  login(credentials: LoginBody) {
    return this.#call("POST", "/auth/login", TokenPair, credentials, false);
  }
  /** `POST /auth/refresh` */
  refresh(refreshToken: string) {
    return this.#call("POST", "/auth/refresh", TokenPair, { refresh_token: refreshToken }, false);
  }
  /** `POST /auth/logout` */
  async logout(refreshToken: string): Promise<void> {
    await this.#call("POST", "/auth/logout", null, { refresh_token: refreshToken }, false);
  }
  /** `GET /me` */
  async sessions() {
    return (await this.#call("GET", "/sessions", SessionList)).sessions;
  }

  async revokeSession(sessionId: string): Promise<void> {
    await this.#call("DELETE", `/sessions/${encodeURIComponent(sessionId)}`, null);
  }

  async changePassword(body: ChangePasswordBody): Promise<void> {
    await this.#call("POST", "/auth/password", null, body);
  }

  /** `DELETE /me`: deletes my account; every session of it ends. */
  async deleteAccount(body: DeleteAccountBody): Promise<void> {
    await this.#call("DELETE", "/me", null, body);
  }

  async me() {
    return (await this.#call("GET", "/me", MeResponse)).user;
  }
  /** `GET /rooms` (my rooms) or `GET /rooms?scope=public` (public rooms I can join). */
  async rooms(scope: "mine" | "public" = "mine") {
    const path = scope === "public" ? "/rooms?scope=public" : "/rooms";
    return (await this.#call("GET", path, RoomList)).rooms;
  }
  /** `POST /rooms` */
  async createRoom(body: CreateRoomBody) {
    return (await this.#call("POST", "/rooms", RoomResponse, body)).room;
  }
  /** `GET /rooms/:id` */
  async room(roomId: string) {
    return (await this.#call("GET", `/rooms/${roomId}`, RoomResponse)).room;
  }
  /** `PATCH /rooms/:id` */
  async updateRoom(roomId: string, body: UpdateRoomBody) {
    return (await this.#call("PATCH", `/rooms/${roomId}`, RoomResponse, body)).room;
  }
  /** `DELETE /rooms/:id` */
  async deleteRoom(roomId: string): Promise<void> {
    await this.#call("DELETE", `/rooms/${roomId}`, null);
  }
  /** `POST /rooms/:id/join` */
  async joinRoom(roomId: string) {
    return (await this.#call("POST", `/rooms/${roomId}/join`, RoomResponse)).room;
  }
  /** `POST /rooms/:id/leave` */
  async leaveRoom(roomId: string): Promise<void> {
    await this.#call("POST", `/rooms/${roomId}/leave`, null);
  }
  /** `GET /rooms/:id/members` */
  async members(roomId: string) {
    return (await this.#call("GET", `/rooms/${roomId}/members`, MemberList)).members;
  }
  /** `POST /rooms/:id/members` */
  async invite(roomId: string, username: string) {
    const path = `/rooms/${roomId}/members`;
    return (await this.#call("POST", path, MemberResponse, { username })).member;
  }
  /** `POST /dms` */
  async openDirect(username: string) {
    return (await this.#call("POST", "/dms", RoomResponse, { username })).room;
  }
  /** `GET /rooms/:id/messages` */
  history(roomId: string, query: Partial<HistoryQuery> = {}) {
    return this.#call("GET", `/rooms/${roomId}/messages${queryString(query)}`, HistoryPage);
  }
  /** `GET /search` */
  search(query: Partial<SearchQuery> & Pick<SearchQuery, "q">) {
    return this.#call("GET", `/search${queryString(query)}`, SearchPage);
  }
  /** `GET /mentions` */
  mentions(query: Partial<MentionsQuery> = {}) {
    return this.#call("GET", `/mentions${queryString(query)}`, MentionPage);
  }
  /** `PUT /rooms/:id/notifications` */
  setNotificationLevel(roomId: string, level: NotificationLevel) {
    return this.#call("PUT", `/rooms/${roomId}/notifications`, NotificationSetting, { level });
  }
  /** `GET /rooms/:id/threads/:root_id/messages`: the replies in a thread, paged like history */
  thread(roomId: string, rootId: string, query: Partial<HistoryQuery> = {}) {
    const path = `/rooms/${roomId}/threads/${rootId}/messages${queryString(query)}`;
    return this.#call("GET", path, HistoryPage);
  }
  /** `POST /rooms/:id/messages` */
  async sendMessage(roomId: string, body: SendMessageBody) {
    return (await this.#call("POST", `/rooms/${roomId}/messages`, MessageResponse, body)).message;
  }
  /** `POST /rooms/:id/read` */
  markRead(roomId: string, seq: number) {
    return this.#call("POST", `/rooms/${roomId}/read`, ReadResponse, { seq });
  }

  /**
   * Sends a request and parses the response with `schema` (null: expect no body).
   * @throws {ChatError} with the server's code for any error response
   * @throws {ServerUnreachableError} when no response came back
   */
  async #call<S extends z.ZodType>(
    method: Method,
    path: string,
    schema: S | null,
    body?: unknown,
    authenticated = true,
  ): Promise<z.infer<S>> {
    let res = await this.#send(method, path, body, authenticated);
    if (res.status === 401 && authenticated && this.#tokens) {
      const err = await errorOf(res);
      if (err.code !== "token_expired") throw err;
      await this.#tokens.refresh();
      res = await this.#send(method, path, body, authenticated);
    }
    if (!res.ok) throw await errorOf(res);
    if (schema === null) {
      await res.body?.cancel();
      return undefined as z.infer<S>;
    }
    return schema.parse(await res.json());
  }

  async #send(method: Method, path: string, body: unknown, authenticated: boolean) {
    const headers: Record<string, string> = { accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const token = authenticated ? this.#tokens?.accessToken() : undefined;
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await fetch(`${this.baseUrl}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#timeoutMs),
        client: this.#httpClient,
      });
    } catch (err) {
      throw new ServerUnreachableError(this.baseUrl, err);
    }
  }
}

/** `?k=v&…` of the defined values of `query`, or "" when none is. */
function queryString(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  return params.size ? `?${params}` : "";
}

async function errorOf(res: Response): Promise<ChatError> {
  const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
  if (parsed.success) return new ChatError(parsed.data.error.code, parsed.data.error.message);
  return new ChatError("internal_error", `Unexpected HTTP ${res.status} from the server`);
}
