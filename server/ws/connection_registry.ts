/**
 * Which local connections receive which rooms' and users' events, and the bus subscriptions that
 * follow from it: this instance subscribes to a room's channel while at least one of its
 * connections is in that room, and to a user's channel while that user is connected.
 *
 * @module
 */
import { type Bus, type BusEvent, type BusHandler, roomChannel, userChannel } from "../bus/bus.ts";
import type { Logger } from "../logger.ts";
import type { Connection } from "./connection.ts";

/** Local connections by room and by user, kept in step with bus subscriptions. */
export class ConnectionRegistry {
  readonly #byRoom = new Map<string, Set<Connection>>();
  readonly #byUser = new Map<string, Set<Connection>>();
  readonly #roomHandlers = new Map<string, BusHandler>();
  readonly #userHandlers = new Map<string, BusHandler>();

  constructor(private readonly bus: Bus, private readonly logger: Logger) {}

  /** Number of authenticated connections on this instance. */
  get size(): number {
    let n = 0;
    for (const set of this.#byUser.values()) n += set.size;
    return n;
  }

  /** Registers an authenticated connection in its user's channel and in `roomIds`. */
  add(conn: Connection, roomIds: Iterable<string>): void {
    const userId = conn.user!.id;
    this.#join(
      this.#byUser,
      this.#userHandlers,
      userId,
      conn,
      userChannel(userId),
      (event) => this.#onUserEvent(userId, event),
    );
    for (const roomId of roomIds) this.addRoom(conn, roomId);
  }

  /** Forgets a connection everywhere. */
  remove(conn: Connection): void {
    if (!conn.user) return;
    for (const roomId of [...conn.rooms]) this.removeRoom(conn, roomId);
    this.#leave(this.#byUser, this.#userHandlers, conn.user.id, conn, userChannel(conn.user.id));
  }

  /** The connection starts receiving the room's events. */
  addRoom(conn: Connection, roomId: string): void {
    conn.rooms.add(roomId);
    this.#join(
      this.#byRoom,
      this.#roomHandlers,
      roomId,
      conn,
      roomChannel(roomId),
      (event) => this.#onRoomEvent(roomId, event),
    );
  }

  /** The connection stops receiving the room's events. */
  removeRoom(conn: Connection, roomId: string): void {
    conn.rooms.delete(roomId);
    this.#leave(this.#byRoom, this.#roomHandlers, roomId, conn, roomChannel(roomId));
  }

  #join(
    index: Map<string, Set<Connection>>,
    handlers: Map<string, BusHandler>,
    key: string,
    conn: Connection,
    channel: string,
    handler: BusHandler,
  ): void {
    let set = index.get(key);
    if (!set) {
      index.set(key, set = new Set());
      handlers.set(key, handler);
      this.bus.subscribe(channel, handler).catch((err) =>
        this.logger.error({ err: String(err), channel }, "bus subscribe failed")
      );
    }
    set.add(conn);
  }

  #leave(
    index: Map<string, Set<Connection>>,
    handlers: Map<string, BusHandler>,
    key: string,
    conn: Connection,
    channel: string,
  ): void {
    const set = index.get(key);
    if (!set?.delete(conn) || set.size > 0) return;
    index.delete(key);
    const handler = handlers.get(key)!;
    handlers.delete(key);
    this.bus.unsubscribe(channel, handler).catch((err) =>
      this.logger.warn({ err: String(err), channel }, "bus unsubscribe failed")
    );
  }

  #onRoomEvent(roomId: string, event: BusEvent): void {
    if (event.kind !== "frame") return;
    const conns = [...(this.#byRoom.get(roomId) ?? [])];
    // Serialised once per event, whatever the number of recipients.
    const data = JSON.stringify(event.frame);
    for (const conn of conns) {
      if (conn.id === event.exclude_connection_id) continue;
      if (conn.user?.id === event.exclude_user_id) continue;
      conn.sendRaw(data);
    }
    if (event.frame.type === "room" && event.frame.action === "deleted") {
      for (const conn of conns) this.removeRoom(conn, roomId);
    }
  }

  #onUserEvent(userId: string, event: BusEvent): void {
    if (event.kind !== "membership") return;
    const data = JSON.stringify(event.frame);
    for (const conn of this.#byUser.get(userId) ?? []) {
      if (event.joined) this.addRoom(conn, event.room_id);
      else this.removeRoom(conn, event.room_id);
      conn.sendRaw(data);
    }
  }
}
