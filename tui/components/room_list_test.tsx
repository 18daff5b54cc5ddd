import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import { eventFrame, message, posted, room, stateAfter, summary, user } from "../tests/fixtures.ts";
import { orderedRooms } from "../state/room_order.ts";
import { RoomList } from "./room_list.tsx";

const alice = user("alice");
const bob = user("bob");
const general = room("general");
const long = room("engineering-announcements", { last_seq: 1 });
const dm = room("dm", { kind: "direct", last_seq: 1 });

Deno.test("RoomList shows rooms, then direct messages, with unread counts and a mention mark", () => {
  const state = stateAfter(
    alice,
    {
      type: "rooms_loaded",
      rooms: [summary(general), summary(long, { unread_count: 7 }), summary(dm, { peer: bob })],
      select: "general",
    },
    {
      type: "frame_received",
      frame: eventFrame(posted(message(dm, 2, bob, "@alice ping"))),
      at: 0,
    },
  );
  const { lastFrame, unmount } = render(
    <RoomList rooms={orderedRooms(state)} currentRoomId={general.id} width={16} height={10} />,
  );
  const lines = lastFrame()!.split("\n");
  unmount();
  assert.deepEqual(lines.map((l) => l.trimEnd()).filter((l) => l !== ""), [
    "Rooms",
    " #engineering… 7",
    " #general",
    "Direct",
    " bob          @1",
  ]);
  assert.ok(lines.every((l) => l.length <= 16), "names are truncated to the list's width");
});

Deno.test("RoomList marks a direct room whose other user is online", () => {
  const state = stateAfter(alice, {
    type: "rooms_loaded",
    rooms: [summary(general), summary(dm, { peer: bob, peer_online: true })],
    select: "general",
  });
  const frame = (online: ReadonlySet<string>) => {
    const { lastFrame, unmount } = render(
      <RoomList
        rooms={orderedRooms(state)}
        currentRoomId={general.id}
        online={online}
        width={16}
        height={10}
      />,
    );
    const out = lastFrame()!;
    unmount();
    return out;
  };
  assert.match(frame(state.online), /^•bob/m);
  assert.match(frame(new Set()), /^ bob/m);
});

Deno.test("RoomList scrolls to keep the room shown visible", () => {
  const rooms = Array.from(
    { length: 30 },
    (_, i) => summary(room(`room-${String(i).padStart(2, "0")}`)),
  );
  const state = stateAfter(alice, { type: "rooms_loaded", rooms, select: "room-25" });
  const { lastFrame, unmount } = render(
    <RoomList
      rooms={orderedRooms(state)}
      currentRoomId={state.currentRoomId}
      width={16}
      height={5}
    />,
  );
  const lines = lastFrame()!.split("\n");
  unmount();
  assert.equal(lines.length, 5);
  assert.equal(lines.at(-1)!.trim(), "#room-25");
});
