/**
 * Where the outbox keeps unsent lines: `$XDG_STATE_HOME/chat-tui/outbox/` (default
 * `~/.local/state/chat-tui/outbox/`), one file per server and user, mode 0600 in a 0700 folder
 * (the lines are private messages), replaced atomically (temporary file, then rename) so that a
 * crash mid-write leaves the previous file whole.
 *
 * Writes are synchronous: a line must be on disk before the screen shows it as pending, and a
 * few hundred bytes take well under a millisecond.
 *
 * @module
 */
import { join } from "node:path";
import { z } from "zod";
import { MessageKind } from "../../shared/mod.ts";
import { normaliseServerUrl } from "./server_url.ts";

/** One unsent line, with the idempotency key it keeps until the server stores it. */
export const OutboxEntry = z.object({
  room_id: z.uuid(),
  client_msg_id: z.uuid(),
  text: z.string(),
  kind: MessageKind,
  /** When it was typed, ISO 8601. */
  created_at: z.string(),
  /** The message it answers, if any. */
  reply_to: z.uuid().optional(),
  /** The root of the thread it is posted in, if any. */
  thread_root_id: z.uuid().optional(),
});
/** `{room_id, client_msg_id, text, kind, created_at, reply_to?, thread_root_id?}` */
export type OutboxEntry = z.infer<typeof OutboxEntry>;

const OutboxFileContent = z.object({ version: z.literal(1), entries: z.array(OutboxEntry) });

/** Reads and rewrites the unsent lines. */
export interface OutboxStore {
  /** The lines saved, oldest first; an unreadable or corrupt file reads as none. */
  load(): OutboxEntry[];
  /** Applies `change` to the lines on disk (read afresh, so another process's lines stay). */
  update(change: (entries: OutboxEntry[]) => OutboxEntry[]): void;
}

/**
 * The folder of outbox files: `$XDG_STATE_HOME/chat-tui/outbox`, else
 * `$HOME/.local/state/chat-tui/outbox`.
 *
 * @throws {Error} when neither XDG_STATE_HOME nor a home folder is set
 */
export function defaultOutboxDir(): string {
  const xdg = Deno.env.get("XDG_STATE_HOME");
  if (xdg) return join(xdg, "chat-tui", "outbox");
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE");
  if (!home) throw new Error("Cannot find the state folder: set XDG_STATE_HOME");
  return join(home, ".local", "state", "chat-tui", "outbox");
}

/**
 * The outbox file of a user on a server.
 *
 * @param dir the folder, default {@linkcode defaultOutboxDir}
 * @returns e.g. `…/outbox/localhost_8080-<user id>.json`
 */
export function outboxPath(serverUrl: string, userId: string, dir = defaultOutboxDir()): string {
  const server = normaliseServerUrl(serverUrl).replace(/^https?:\/\//, "").replace(/\W+/g, "_");
  return join(dir, `${server}-${userId}.json`);
}

/** An {@linkcode OutboxStore} on a file. */
export class FileOutboxStore implements OutboxStore {
  constructor(readonly path: string) {}

  load(): OutboxEntry[] {
    let text: string;
    try {
      text = Deno.readTextFileSync(this.path);
    } catch (err) {
      if (err instanceof Deno.errors.NotFound) return [];
      throw err;
    }
    try {
      const parsed = OutboxFileContent.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.entries : [];
    } catch {
      return [];
    }
  }

  /** @throws {Error} when the file cannot be written (the line is then not taken) */
  update(change: (entries: OutboxEntry[]) => OutboxEntry[]): void {
    const entries = change(this.load());
    const dir = join(this.path, "..");
    const temp = `${this.path}.${crypto.randomUUID()}.tmp`;
    try {
      Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const content = JSON.stringify({ version: 1, entries }, null, 2) + "\n";
      // The mode is given at creation, so the lines are never readable by others.
      Deno.writeTextFileSync(temp, content, { mode: 0o600 });
      Deno.renameSync(temp, this.path);
    } catch (err) {
      try {
        Deno.removeSync(temp);
      } catch { /* never created */ }
      throw new Error(`Cannot save unsent messages to "${this.path}": ${(err as Error).message}`);
    }
  }
}

/** An {@linkcode OutboxStore} in memory, for tests and for a screen without a state folder. */
export class MemoryOutboxStore implements OutboxStore {
  entries: OutboxEntry[];

  constructor(entries: OutboxEntry[] = []) {
    this.entries = [...entries];
  }

  load(): OutboxEntry[] {
    return [...this.entries];
  }

  update(change: (entries: OutboxEntry[]) => OutboxEntry[]): void {
    this.entries = change(this.load());
  }
}
