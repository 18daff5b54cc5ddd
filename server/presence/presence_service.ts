/**
 * Announces presence: tells the members of a user's rooms when the user comes online (first
 * connection anywhere) or goes offline (last connection closed, or lapsed with a dead instance),
 * keeps this instance's connections alive in {@linkcode Presence} by heartbeat, and sweeps lapsed
 * ones. Presence is best effort: when its store fails (Redis down), chat goes on without it.
 *
 * @module
 */
import type { ServerFrame, UserRef } from "../../shared/mod.ts";
import { type Bus, roomChannel } from "../bus/bus.ts";
import type { Logger } from "../logger.ts";
import type { Store } from "../store/store.ts";
import type { Presence, PresenceEntry } from "./presence.ts";

/** What the presence service needs. */
export interface PresenceServiceDeps {
  presence: Presence;
  bus: Bus;
  store: Store;
  logger: Logger;
  /** Heartbeat and sweep period, in ms; a third of the presence TTL. */
  heartbeatMs: number;
}

/** Presence announcements and upkeep for one instance. */
export class PresenceService {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly deps: PresenceServiceDeps) {}

  /** Which of `userIds` are online; an empty set when presence cannot be read. */
  async online(userIds: readonly string[]): Promise<Set<string>> {
    try {
      return await this.deps.presence.online([...new Set(userIds)]);
    } catch (err) {
      this.deps.logger.warn({ err: String(err) }, "presence unavailable");
      return new Set();
    }
  }

  /** A connection of `user` is authenticated; announces the user if they just came online. */
  async connected(user: UserRef, connectionId: string, roomIds: Iterable<string>): Promise<void> {
    await this.#announceIf(
      () => this.deps.presence.connect({ userId: user.id, connectionId }),
      user,
      "online",
      [...roomIds],
    );
  }

  /** A connection of `user` closed; announces the user if it was their last one anywhere. */
  async disconnected(user: UserRef, connectionId: string, roomIds: Iterable<string>) {
    await this.#announceIf(
      () => this.deps.presence.disconnect({ userId: user.id, connectionId }),
      user,
      "offline",
      [...roomIds],
    );
  }

  /**
   * Starts the periodic heartbeat of `entries()` (this instance's connections) and the sweep of
   * connections whose instance died.
   */
  start(entries: () => PresenceEntry[]): void {
    this.#timer ??= setInterval(() => void this.#tick(entries()), this.deps.heartbeatMs);
  }

  /** Stops the timers. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #tick(entries: PresenceEntry[]): Promise<void> {
    try {
      await this.deps.presence.heartbeat(entries);
      for (const userId of await this.deps.presence.sweep()) {
        const user = await this.deps.store.users.get(userId);
        const rooms = await this.deps.store.rooms.roomsOf(userId);
        if (user) await this.#announce(user, "offline", rooms.map((r) => r.roomId));
      }
    } catch (err) {
      this.deps.logger.warn({ err: String(err) }, "presence upkeep failed");
    }
  }

  async #announceIf(
    change: () => Promise<boolean>,
    user: UserRef,
    status: "online" | "offline",
    roomIds: string[],
  ): Promise<void> {
    try {
      if (await change()) await this.#announce(user, status, roomIds);
    } catch (err) {
      this.deps.logger.warn({ err: String(err), user_id: user.id }, "presence unavailable");
    }
  }

  async #announce(user: UserRef, status: "online" | "offline", roomIds: string[]): Promise<void> {
    const frame: ServerFrame = {
      type: "presence",
      user_id: user.id,
      username: user.username,
      status,
    };
    await Promise.all(
      roomIds.map((roomId) =>
        this.deps.bus.publish(roomChannel(roomId), {
          kind: "frame",
          frame,
          exclude_user_id: user.id,
        })
      ),
    );
  }
}
