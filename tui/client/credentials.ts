/**
 * The local credentials file, `$XDG_CONFIG_HOME/chat-tui/credentials.json` (default
 * `~/.config/chat-tui/`): one entry per normalised server URL holding the tokens of the user
 * logged in there and the room last shown. It holds secrets, so the file is mode 0600 in a 0700
 * folder, and it is replaced atomically (temporary file, then rename) so that a crash mid-write
 * never leaves half a file and loses a just-rotated refresh token.
 *
 * @module
 */
import { join } from "node:path";
import { z } from "zod";
import { normaliseServerUrl } from "./server_url.ts";

/** What is stored for one server. */
export const ServerCredentials = z.object({
  username: z.string().min(1),
  user_id: z.uuid(),
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  /** When the access token expires, in epoch ms. */
  access_expires_at: z.number().int().nonnegative(),
  /** The room the chat screen showed last, for `chat-tui` without arguments. */
  last_room_id: z.uuid().optional(),
});
/** `{username, user_id, access_token, refresh_token, access_expires_at, last_room_id?}` */
export type ServerCredentials = z.infer<typeof ServerCredentials>;

const CredentialsFile = z.object({
  version: z.literal(1),
  servers: z.record(z.string(), ServerCredentials),
});
type CredentialsFile = z.infer<typeof CredentialsFile>;

/** The credentials file cannot be read or written, or its content is not valid. */
export class CredentialsFileError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CredentialsFileError";
  }
}

/**
 * The folder of the credentials file: `$XDG_CONFIG_HOME/chat-tui`, else `$HOME/.config/chat-tui`
 * (`%USERPROFILE%` on Windows).
 *
 * @returns an absolute path
 * @throws {CredentialsFileError} when neither XDG_CONFIG_HOME nor a home folder is set
 *
 * @example Where the credentials of this user live
 * ```ts ignore
 * import { defaultCredentialsDir } from "./credentials.ts";
 * defaultCredentialsDir(); // e.g. "/home/alice/.config/chat-tui"
 * ```
 */
export function defaultCredentialsDir(): string {
  const xdg = Deno.env.get("XDG_CONFIG_HOME");
  if (xdg) return join(xdg, "chat-tui");
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  if (!home) throw new CredentialsFileError("Cannot find the config folder: set XDG_CONFIG_HOME");
  return join(home, ".config", "chat-tui");
}

/**
 * Reads and writes the credentials file. Every method reads the file afresh, so that changes by
 * another `chat-tui` process (a login, a token rotation) are seen.
 *
 * @example Saving and reading an entry
 * ```ts ignore
 * import { CredentialStore } from "./credentials.ts";
 * const store = new CredentialStore();
 * const entry = await store.get("http://localhost:8080");
 * ```
 */
export class CredentialStore {
  /** Absolute path of `credentials.json`. */
  readonly path: string;

  /** @param dir the folder of the file; default {@linkcode defaultCredentialsDir} */
  constructor(readonly dir: string = defaultCredentialsDir()) {
    this.path = join(dir, "credentials.json");
  }

  /**
   * The entry of `serverUrl` (any spelling), or undefined when there is none.
   * @throws {CredentialsFileError} when the file cannot be read or is corrupt
   */
  async get(serverUrl: string): Promise<ServerCredentials | undefined> {
    return (await this.#read()).servers[normaliseServerUrl(serverUrl)];
  }

  /**
   * Replaces the entry of `serverUrl`.
   * @throws {CredentialsFileError} when the file cannot be read or written
   */
  async save(serverUrl: string, entry: ServerCredentials): Promise<void> {
    await this.#update((file) => {
      file.servers[normaliseServerUrl(serverUrl)] = entry;
    });
  }

  /**
   * Deletes the entry of `serverUrl`.
   * @returns false when there was none
   * @throws {CredentialsFileError} when the file cannot be read or written
   */
  async remove(serverUrl: string): Promise<boolean> {
    let removed = false;
    await this.#update((file) => {
      const key = normaliseServerUrl(serverUrl);
      removed = key in file.servers;
      delete file.servers[key];
    });
    return removed;
  }

  /**
   * Remembers the room last shown on `serverUrl`; ignored when logged out there.
   * @throws {CredentialsFileError} when the file cannot be read or written
   */
  async setLastRoom(serverUrl: string, roomId: string): Promise<void> {
    await this.#update((file) => {
      const entry = file.servers[normaliseServerUrl(serverUrl)];
      if (entry) entry.last_room_id = roomId;
    });
  }

  async #read(): Promise<CredentialsFile> {
    let text: string;
    try {
      text = await Deno.readTextFile(this.path);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return { version: 1, servers: {} };
      throw new CredentialsFileError(`Cannot read "${this.path}": ${messageOf(err)}`, {
        cause: err,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw this.#corrupt(`not JSON (${messageOf(err)})`, err);
    }
    const parsed = CredentialsFile.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw this.#corrupt(`${issue?.path.join(".") || "file"}: ${issue?.message}`, parsed.error);
    }
    return parsed.data;
  }

  async #update(change: (file: CredentialsFile) => void): Promise<void> {
    const file = await this.#read();
    change(file);
    const temp = `${this.path}.${crypto.randomUUID()}.tmp`;
    try {
      await Deno.mkdir(this.dir, { recursive: true, mode: 0o700 });
      // The mode is given at creation so the secrets are never readable by others, not even
      // for the moment before a chmod.
      await Deno.writeTextFile(temp, JSON.stringify(file, null, 2) + "\n", { mode: 0o600 });
      await Deno.rename(temp, this.path);
    } catch (err) {
      await Deno.remove(temp).catch(() => {});
      throw new CredentialsFileError(`Cannot write "${this.path}": ${messageOf(err)}`, {
        cause: err,
      });
    }
  }

  #corrupt(detail: string, cause: unknown): CredentialsFileError {
    return new CredentialsFileError(
      `Credentials file "${this.path}" is corrupt: ${detail}: delete it and log in again`,
      { cause },
    );
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
