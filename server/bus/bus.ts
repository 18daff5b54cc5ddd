/**
 * The bus carries events between the services that cause them and the WebSocket gateways that
 * deliver them, on this instance and on every other. Two implementations: in-process (one
 * instance), Redis pub/sub (many instances) and Redis Cluster sharded pub/sub (many instances, many
 * Redis shards). Nothing above this interface knows which runs.
 *
 * Channels: `room:<room id>` carries a room's events to the instances with members of it
 * connected; `user:<user id>` carries a user's membership changes and session revocations to
 * their connections.
 *
 * @module
 */
import { z } from "zod";
import { ServerFrame } from "../../shared/mod.ts";

/**
 * W3C trace context of the span that published an event (`server/tracing/trace_bus.ts`), so that
 * its delivery on every instance joins the same trace. Absent when tracing is off.
 */
const TraceContext = z.object({ traceparent: z.string(), tracestate: z.string().optional() })
  .optional();

/** An event on the bus; parsed at the edge when it arrives from Redis. */
export const BusEvent = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("frame"),
    /** The frame to deliver to the channel's connections. */
    frame: ServerFrame,
    /** Skip this user's connections (e.g. their own typing events). */
    exclude_user_id: z.string().optional(),
    trace: TraceContext,
  }),
  z.object({
    kind: z.literal("membership"),
    user_id: z.string(),
    room_id: z.string(),
    joined: z.boolean(),
    /** Delivered to the user's connections once their subscriptions reflect the change. */
    frame: ServerFrame,
    trace: TraceContext,
  }),
  z.object({
    /** A session was revoked: its sockets close with 4401 (on the user's channel). */
    kind: z.literal("session_revoked"),
    user_id: z.string(),
    session_id: z.string(),
    trace: TraceContext,
  }),
]);
/** A bus event. */
export type BusEvent = z.infer<typeof BusEvent>;

/**
 * Decodes an event as it arrives from Redis (JSON of a {@linkcode BusEvent}).
 *
 * @throws when it is not one
 */
export function decodeBusEvent(message: string): BusEvent {
  return BusEvent.parse(JSON.parse(message));
}

/** Receives the events of one channel. */
export type BusHandler = (event: BusEvent) => void;

/** Publish/subscribe between services and gateways. */
export interface Bus {
  /** Publishes to every subscriber of `channel` on every instance. */
  publish(channel: string, event: BusEvent): Promise<void>;
  /** Adds `handler` for `channel`; resolves once events published afterwards will reach it. */
  subscribe(channel: string, handler: BusHandler): Promise<void>;
  /** Removes `handler` from `channel`. */
  unsubscribe(channel: string, handler: BusHandler): Promise<void>;
  /** Resolves when the bus can carry events; rejects otherwise (for `/readyz`). */
  ping(): Promise<void>;
  /**
   * Calls `listener` each time the bus comes back after an outage: events published meanwhile
   * were lost to other instances, so subscribers catch up from the database.
   */
  onReconnect(listener: () => void): void;
  /** Closes connections; publishing afterwards fails. */
  close(): Promise<void>;
}

/** The channel of a room's events. */
export function roomChannel(roomId: string): string {
  return `room:${roomId}`;
}

/** The channel of a user's membership changes. */
export function userChannel(userId: string): string {
  return `user:${userId}`;
}
