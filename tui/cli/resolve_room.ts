/**
 * Finds a room from what a user typed: a name (`general` or `#general`), a direct room by its
 * peer (`@bob`), or a room id.
 *
 * @module
 */
import type { RoomSummary } from "../../shared/mod.ts";
import type { ApiClient } from "../client/api_client.ts";
import { CliError } from "./errors.ts";

/** A room found by {@linkcode resolveRoom}. */
export interface ResolvedRoom {
  room: RoomSummary;
  /** False for a public room the user has not joined. */
  member: boolean;
}

/**
 * Looks `nameOrId` up among my rooms, then among the public rooms I may join.
 *
 * @param api an authenticated client
 * @param nameOrId `general`, `#general`, `@bob` (my direct room with bob) or a room id
 * @returns the room and whether I am a member
 * @throws {CliError} `unknown room "x"` when neither list has it, and when several of my rooms
 * have the name (private rooms may share a name), naming their ids
 *
 * @example Joining a room named by the user
 * ```ts ignore
 * const { room, member } = await resolveRoom(api, "#general");
 * if (!member) await api.joinRoom(room.id);
 * ```
 */
export async function resolveRoom(api: ApiClient, nameOrId: string): Promise<ResolvedRoom> {
  const matches = matcher(nameOrId.trim().toLowerCase());
  const mine = (await api.rooms("mine")).filter(matches);
  if (mine.length > 1) {
    // Private room names are unique only among public rooms (so they cannot be guessed).
    throw new CliError(
      `${mine.length} of my rooms are named "${nameOrId}": name one by its id ` +
        `(${mine.map((r) => `${r.id} ${r.kind}`).join(", ")})`,
    );
  }
  if (mine[0]) return { room: mine[0], member: true };
  const joinable = (await api.rooms("public")).find(matches);
  if (joinable) return { room: joinable, member: false };
  throw new CliError(`unknown room "${nameOrId}": see chat-tui rooms --public`);
}

function matcher(key: string): (room: RoomSummary) => boolean {
  if (key.startsWith("@")) {
    const peer = key.slice(1);
    return (room) => room.kind === "direct" && room.peer?.username === peer;
  }
  const name = key.replace(/^#/, "");
  return (room) => room.id === key || room.name === name;
}
