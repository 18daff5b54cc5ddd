/**
 * The ceiling baseline: a bare `Deno.serve` WebSocket fan-out server with no auth and no storage,
 * speaking just enough of the chat protocol for the load generator. `hello` subscribes the socket
 * to the rooms named in its `resume` and is answered with `welcome`; `send` gets the room's next
 * seq, is acknowledged, and is serialised once and written to every socket of the room, the
 * sender's included. Anything else is ignored.
 *
 * `PORT=8090 deno run --allow-net --allow-env scripts/bench/bare_server.ts`
 *
 * @module
 */

interface Room {
  seq: number;
  sockets: Set<WebSocket>;
}

const rooms = new Map<string, Room>();
const roomOf = (id: string) => {
  let room = rooms.get(id);
  if (!room) rooms.set(id, room = { seq: 0, sockets: new Set() });
  return room;
};
const sender = { id: crypto.randomUUID(), username: "bare" };

/** Handles one socket: its frames are trusted, as nothing here is under test. */
function serveSocket(socket: WebSocket) {
  const joined: Room[] = [];
  socket.onmessage = (e) => {
    const frame = JSON.parse(e.data);
    if (frame.type === "hello") {
      for (const id of Object.keys(frame.resume ?? {})) {
        const room = roomOf(id);
        room.sockets.add(socket);
        joined.push(room);
      }
      const user = { id: sender.id, username: String(frame.token), created_at: "" };
      socket.send(JSON.stringify({ type: "welcome", user, protocol: 2, read_markers: [] }));
    } else if (frame.type === "send") {
      const room = roomOf(frame.room_id);
      const seq = ++room.seq;
      const id = crypto.randomUUID();
      socket.send(JSON.stringify({
        type: "ack",
        ref: frame.client_msg_id,
        room_id: frame.room_id,
        message_id: id,
        seq,
      }));
      const createdAt = new Date().toISOString();
      const message = JSON.stringify({
        type: "event",
        event: {
          type: "message_posted",
          room_id: frame.room_id,
          seq,
          actor: sender,
          created_at: createdAt,
          message: {
            id,
            room_id: frame.room_id,
            seq,
            sender,
            kind: "text",
            text: frame.text,
            client_msg_id: frame.client_msg_id,
            created_at: createdAt,
            edited_at: null,
            deleted: false,
            reactions: [],
            reply_to: null,
            thread_root_id: null,
            reply_count: 0,
            last_reply_at: null,
          },
          thread_root: null,
        },
      });
      for (const peer of room.sockets) {
        if (peer.readyState === WebSocket.OPEN) peer.send(message);
      }
    }
  };
  socket.onclose = () => {
    for (const room of joined) room.sockets.delete(socket);
  };
}

Deno.serve({
  port: Number(Deno.env.get("PORT") ?? 8090),
  hostname: "127.0.0.1",
  onListen: () => {},
}, (req) => {
  if (req.headers.get("upgrade") !== "websocket") return new Response("ok");
  const { socket, response } = Deno.upgradeWebSocket(req);
  serveSocket(socket);
  return response;
});
