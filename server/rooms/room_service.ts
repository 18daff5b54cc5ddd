/**
 * Rooms, direct messages and memberships, with the access rules of the protocol: private and
 * direct rooms are invisible (404) to non-members; only the owner changes or deletes a room or
 * invites to it. Every change is an event of the room's stream, published once stored so
 * connected clients stay current.
 *
 * @module
 */
import {
  ChatError,
  type CreateRoomBody,
  type Member,
  type Room,
  type RoomSummary,
  type UpdateRoomBody,
  type UserRef,
} from "../../shared/mod.ts";
import type { EventPublisher } from "../events/event_publisher.ts";
import type { PresenceService } from "../presence/presence_service.ts";
import type { Membership, StoredRoomSummary } from "../store/room_store.ts";
import type { StoredMember } from "../store/rows.ts";
import type { Store } from "../store/store.ts";

/** Rooms and memberships, as seen by one user. */
export interface RoomService {
  /** Rooms the user is a member of. */
  listMine(userId: string): Promise<RoomSummary[]>;
  /** Public rooms the user can join. */
  listPublic(userId: string): Promise<RoomSummary[]>;
  /** @throws {ChatError} `room_name_taken` */
  create(user: UserRef, body: CreateRoomBody): Promise<Room>;
  /** @throws {ChatError} `room_not_found` */
  get(userId: string, roomId: string): Promise<Room>;
  /** @throws {ChatError} `room_not_found`, `forbidden` (not the owner), `room_name_taken` */
  update(userId: string, roomId: string, body: UpdateRoomBody): Promise<Room>;
  /** @throws {ChatError} `room_not_found`, `forbidden` */
  delete(userId: string, roomId: string): Promise<void>;
  /** Joins a public room (a no-op when already a member). @throws {ChatError} `room_not_found` */
  join(user: UserRef, roomId: string): Promise<Room>;
  /** @throws {ChatError} `room_not_found`, `invalid_request` for a direct room */
  leave(user: UserRef, roomId: string): Promise<void>;
  /**
   * The owner adds `username` to the room.
   * @throws {ChatError} `room_not_found`, `forbidden`, `user_not_found`
   */
  invite(userId: string, roomId: string, username: string): Promise<Member>;
  /** @throws {ChatError} `room_not_found` */
  members(userId: string, roomId: string): Promise<Member[]>;
  /**
   * The one direct room between the user and `username`.
   * @throws {ChatError} `user_not_found`, `invalid_request` for oneself
   */
  openDirect(user: UserRef, username: string): Promise<Room>;
  /**
   * The room if `userId` may see it, with their membership (null for a public room not joined).
   * @throws {ChatError} `room_not_found`
   */
  visible(userId: string, roomId: string): Promise<{ room: Room; membership: Membership | null }>;
}

/** What the room service needs. */
export interface RoomServiceDeps {
  store: Store;
  publish: EventPublisher;
  /** Answers who is online, for `online_count`, `peer_online` and members' `online`. */
  presence: Pick<PresenceService, "online">;
}

const notFound = (roomId: string) =>
  new ChatError("room_not_found", `Room "${roomId}" does not exist or is not visible to you`);

/** Creates the room service. */
export function createRoomService({ store, publish, presence }: RoomServiceDeps): RoomService {
  async function withPresence(stored: StoredRoomSummary[]): Promise<RoomSummary[]> {
    const online = await presence.online(stored.flatMap((r) => r.memberIds));
    return stored.map(({ memberIds, ...summary }) => ({
      ...summary,
      online_count: memberIds.filter((id) => online.has(id)).length,
      peer_online: summary.peer ? online.has(summary.peer.id) : null,
    }));
  }

  async function withOnline(members: StoredMember[]): Promise<Member[]> {
    const online = await presence.online(members.map((m) => m.user.id));
    return members.map((m) => ({ ...m, online: online.has(m.user.id) }));
  }

  async function visible(userId: string, roomId: string) {
    const room = await store.rooms.get(roomId);
    if (!room) throw notFound(roomId);
    const membership = await store.rooms.membership(roomId, userId);
    if (!membership && room.kind !== "public") throw notFound(roomId);
    return { room, membership };
  }

  async function owned(userId: string, roomId: string): Promise<Room> {
    const { room, membership } = await visible(userId, roomId);
    if (room.kind === "direct" || room.owner_id !== userId || !membership) {
      throw new ChatError(
        "forbidden",
        `Only the owner of room "${room.name ?? roomId}" may do this`,
      );
    }
    return room;
  }

  /** The event with `seq`, as stored, published as a membership change or a room event. */
  async function announce(roomId: string, seq: number | null): Promise<void> {
    if (seq === null) return;
    const [event] = await store.events.range(roomId, seq - 1, seq + 1, 1);
    if (!event) return;
    if (
      event.type === "member_joined" || event.type === "member_added" ||
      event.type === "member_left"
    ) {
      await publish.membership(event);
    } else {
      await publish.room(event);
    }
  }

  return {
    listMine: async (userId) => withPresence(await store.rooms.listForUser(userId)),
    listPublic: async (userId) => withPresence(await store.rooms.listPublic(userId)),
    async create(user, body) {
      const kind = body.visibility ?? "public";
      const room = await store.rooms.create(kind, body.name, body.topic ?? "", user.id);
      await announce(room.id, room.last_seq);
      return room;
    },
    async get(userId, roomId) {
      return (await visible(userId, roomId)).room;
    },
    async update(userId, roomId, body) {
      await owned(userId, roomId);
      const room = await store.rooms.update(roomId, {
        name: body.name,
        topic: body.topic,
        kind: body.visibility,
      }, userId);
      if (!room) throw notFound(roomId);
      await announce(roomId, room.last_seq);
      return room;
    },
    async delete(userId, roomId) {
      const room = await owned(userId, roomId);
      if (!await store.rooms.delete(roomId)) throw notFound(roomId);
      // Not kept: the stream ends with it. Its seq is the one it would have had.
      const owner = await store.users.get(userId);
      await publish.room({
        type: "room_deleted",
        room_id: roomId,
        seq: room.last_seq + 1,
        actor: { id: userId, username: owner?.username ?? "" },
        room,
        created_at: new Date().toISOString(),
      });
    },
    async join(user, roomId) {
      const { room, membership } = await visible(user.id, roomId);
      if (membership) return room;
      if (room.kind !== "public") throw notFound(roomId);
      const { seq } = await store.rooms.addMember(roomId, user.id, user.id);
      await announce(roomId, seq);
      return (await store.rooms.get(roomId)) ?? room;
    },
    async leave(user, roomId) {
      const { room, membership } = await visible(user.id, roomId);
      if (room.kind === "direct") {
        throw new ChatError("invalid_request", "Direct message rooms cannot be left");
      }
      if (!membership) throw notFound(roomId);
      await announce(roomId, await store.rooms.removeMember(roomId, user.id));
    },
    async invite(userId, roomId, username) {
      const room = await owned(userId, roomId);
      const invitee = await store.users.findByUsername(username);
      if (!invitee) throw new ChatError("user_not_found", `User "${username}" does not exist`);
      const { member, seq } = await store.rooms.addMember(roomId, invitee.id, userId);
      await announce(room.id, seq);
      const [withStatus] = await withOnline([member]);
      return withStatus!;
    },
    async members(userId, roomId) {
      await visible(userId, roomId);
      return await withOnline(await store.rooms.members(roomId));
    },
    async openDirect(user, username) {
      const peer = await store.users.findByUsername(username);
      if (!peer) throw new ChatError("user_not_found", `User "${username}" does not exist`);
      if (peer.id === user.id) {
        throw new ChatError("invalid_request", "username: cannot open a direct room with yourself");
      }
      const { room, created } = await store.rooms.openDirect(user.id, peer.id);
      if (created) {
        await announce(room.id, 1);
        await announce(room.id, 2);
      }
      return room;
    },
    visible,
  };
}
