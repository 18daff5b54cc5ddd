/**
 * The one place that maps what the services did to frames and bus channels (issue 11): a room
 * event goes as an `event` frame on the room's channel, where each instance's room feed delivers
 * it in seq order; a membership change goes first on the member's own channel, so their
 * connections start or stop receiving the room, then on the room's; a moved read marker goes on
 * the user's channel to all their connections, on every instance.
 *
 * @module
 */
import type { ReadMarker, RoomEvent, UserRef } from "../../shared/mod.ts";
import { type Bus, roomChannel, userChannel } from "../bus/bus.ts";

/** A member event: `member_joined`, `member_added` or `member_left`. */
export type MemberEvent = Extract<
  RoomEvent,
  { type: "member_joined" | "member_added" | "member_left" }
>;

/** Publishes domain events. */
export interface EventPublisher {
  /** A room event, to every connection in the room. */
  room(event: RoomEvent): Promise<void>;
  /** A member joined, was added or left: the member's connections follow, then the room hears. */
  membership(event: MemberEvent): Promise<void>;
  /** `user`'s read marker moved: a `read_marker` frame to all their connections. */
  readMarker(userId: string, marker: ReadMarker): Promise<void>;
  /** `user` is typing in a room: a `typing` frame to the room's other members. */
  typing(roomId: string, user: UserRef): Promise<void>;
}

/** An {@linkcode EventPublisher} on `bus`. */
export function createEventPublisher(bus: Bus): EventPublisher {
  const room = (event: RoomEvent) =>
    bus.publish(roomChannel(event.room_id), { kind: "frame", frame: { type: "event", event } });
  return {
    room,
    async membership(event) {
      await bus.publish(userChannel(event.user.id), {
        kind: "membership",
        user_id: event.user.id,
        room_id: event.room_id,
        joined: event.type !== "member_left",
        frame: { type: "event", event },
      });
      await room(event);
    },
    async readMarker(userId, marker) {
      await bus.publish(userChannel(userId), {
        kind: "frame",
        frame: { type: "read_marker", ...marker },
      });
    },
    async typing(roomId, user) {
      await bus.publish(roomChannel(roomId), {
        kind: "frame",
        frame: { type: "typing", room_id: roomId, user },
        exclude_user_id: user.id,
      });
    },
  };
}
