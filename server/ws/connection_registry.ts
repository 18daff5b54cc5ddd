/**
 * Which local connections receive which rooms' and users' events, and the bus subscriptions that
 * follow from it: this instance subscribes to a room's channel while at least one of its
 * connections is in that room, and to a user's channel while that user is connected.
 *
 * @module
 */
import { CLOSE_CODES } from "../../shared/mod.ts";
import { type Bus, type BusEvent, type BusHandler, roomChannel, userChannel } from "../bus/bus.ts";
import type { Logger } from "../logger.ts";
import type { Connection } from "./connection.ts";
import { type FetchRange, RoomFeed } from "./room_feed.ts";

interface Subscribed<T> {
  value: T;
  handler: BusHandler;
  /** Resolves once the bus delivers this channel's events. */
  ready: Promise<void>;
}

/** A room the connection receives, with the newest seq the client already holds. */
export interface RoomPosition {
  roomId: string;
  lastSeq: number;
}

/** Local connections by room and by user, kept in step with bus subscriptions. */
export class ConnectionRegistry {
  readonly #rooms = new Map<string, Subscribed<RoomFeed>>();
  readonly #users = new Map<string, Subscribed<Set<Connection>>>();

  constructor(
    private readonly bus: Bus,
    private readonly fetchRange: FetchRange,
    private readonly logger: Logger,
  ) {}

  /** Number of authenticated connections on this instance. */
  get size(): number {
    let n = 0;
    for (const { value } of this.#users.values()) n += value.size;
    return n;
  }

  /**
   * Registers an authenticated connection in its user's channel and its rooms.
   * @returns a promise that resolves once every subscription this needed is active
   */
  add(conn: Connection, rooms: RoomPosition[]): Promise<void> {
    const userId = conn.user!.id;
    let user = this.#users.get(userId);
    if (!user) {
      const handler: BusHandler = (event) => this.#onUserEvent(userId, event);
      user = { value: new Set(), handler, ready: this.#subscribe(userChannel(userId), handler) };
      this.#users.set(userId, user);
    }
    user.value.add(conn);
    const ready = [user.ready, ...rooms.map((r) => this.addRoom(conn, r))];
    return Promise.all(ready).then(() => {});
  }

  /** Ids of the users with connections on this instance. */
  users(): string[] {
    return [...this.#users.keys()];
  }

  /** This instance's connections of `userId`. */
  connectionsOf(userId: string): readonly Connection[] {
    return [...(this.#users.get(userId)?.value ?? [])];
  }

  /** Every authenticated connection on this instance. */
  *all(): Iterable<Connection> {
    for (const { value } of this.#users.values()) yield* value;
  }

  /** Every room feed catches up from the store (after a bus outage). */
  async catchUp(): Promise<void> {
    await Promise.all([...this.#rooms.values()].map(({ value }) => value.catchUp()));
  }

  /** Closes the user's connections of a revoked session with 4401. */
  closeSession(userId: string, sessionId: string): void {
    for (const conn of this.#users.get(userId)?.value ?? []) {
      if (conn.sessionId === sessionId) {
        conn.close(CLOSE_CODES.unauthorized.code, "session revoked");
      }
    }
  }

  /** Forgets a connection everywhere. */
  remove(conn: Connection): void {
    if (!conn.user) return;
    for (const roomId of [...conn.rooms]) this.removeRoom(conn, roomId);
    const user = this.#users.get(conn.user.id);
    if (!user?.value.delete(conn) || user.value.size > 0) return;
    this.#users.delete(conn.user.id);
    this.#unsubscribe(userChannel(conn.user.id), user.handler);
  }

  /**
   * The connection starts receiving the room's events after `lastSeq`. Resolves once the room's
   * channel is subscribed and, for a room new to this instance, what was stored meanwhile is
   * delivered.
   */
  addRoom(conn: Connection, { roomId, lastSeq }: RoomPosition): Promise<void> {
    conn.rooms.add(roomId);
    conn.markDelivered(roomId, lastSeq);
    let room = this.#rooms.get(roomId);
    if (!room) {
      const feed = new RoomFeed(roomId, lastSeq, this.fetchRange, this.logger);
      const handler: BusHandler = (event) => this.#onRoomEvent(feed, event);
      // Events stored after `lastSeq` was read and before the subscription was active reached
      // no bus handler here; without the catch-up they would wait for a later event to reveal
      // the gap (a login's `welcome` waits for it).
      const ready = this.#subscribe(roomChannel(roomId), handler).then(() => feed.catchUp());
      room = { value: feed, handler, ready };
      this.#rooms.set(roomId, room);
    }
    room.value.connections.add(conn);
    return room.ready;
  }

  /** The connection stops receiving the room's events. */
  removeRoom(conn: Connection, roomId: string): void {
    conn.rooms.delete(roomId);
    const room = this.#rooms.get(roomId);
    if (!room?.value.connections.delete(conn) || room.value.connections.size > 0) return;
    this.#rooms.delete(roomId);
    this.#unsubscribe(roomChannel(roomId), room.handler);
  }

  #subscribe(channel: string, handler: BusHandler): Promise<void> {
    return this.bus.subscribe(channel, handler).catch((err) =>
      this.logger.error({ err: String(err), channel }, "bus subscribe failed")
    );
  }

  #unsubscribe(channel: string, handler: BusHandler): void {
    this.bus.unsubscribe(channel, handler).catch((err) =>
      this.logger.warn({ err: String(err), channel }, "bus unsubscribe failed")
    );
  }

  #onRoomEvent(feed: RoomFeed, event: BusEvent): void {
    if (event.kind !== "frame") return;
    const { frame } = event;
    if (frame.type === "event" && frame.event.type !== "room_deleted") {
      feed.event(frame.event);
      return;
    }
    feed.broadcast(frame, event.exclude_user_id);
    if (frame.type === "event") {
      for (const conn of [...feed.connections]) this.removeRoom(conn, feed.roomId);
    }
  }

  #onUserEvent(userId: string, event: BusEvent): void {
    if (event.kind === "session_revoked") {
      this.closeSession(userId, event.session_id);
      return;
    }
    const data = JSON.stringify(event.frame);
    if (event.kind === "frame") {
      for (const conn of this.#users.get(userId)?.value ?? []) conn.sendRaw(data);
      return;
    }
    // A member event: the connections start receiving the room after it, or stop after it (it
    // may have reached them through the room already: `deliver` sends a seq once).
    const seq = event.frame.type === "event" ? event.frame.event.seq : undefined;
    for (const conn of this.#users.get(userId)?.value ?? []) {
      if (event.joined) {
        if (conn.rooms.has(event.room_id)) continue;
        void this.addRoom(conn, { roomId: event.room_id, lastSeq: seq ?? 0 });
        conn.sendRaw(data);
      } else {
        conn.deliver(event.room_id, data, seq);
        this.removeRoom(conn, event.room_id);
      }
    }
  }
}
