import assert from "node:assert/strict";
import { HistoryPage, MemberList, type RoomSummary, type TokenPair } from "../../shared/mod.ts";
import { api, signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("rooms, memberships, direct rooms, history and read markers over HTTP", async (t) => {
  const server = await startTestServer();
  const clients: WsClient[] = [];
  const connect = async (pair: TokenPair) => {
    const ws = await WsClient.connect(server.wsUrl, pair.access_token);
    clients.push(ws);
    return ws;
  };
  try {
    const [alice, bob, carol, dave, erin, frank] = await Promise.all(
      ["alice", "bob", "carol", "dave", "erin", "frank"].map((name) => signUp(server.url, name)),
    ) as [TokenPair, TokenPair, TokenPair, TokenPair, TokenPair, TokenPair];
    const call = (who: TokenPair, method: string, path: string, body?: unknown) =>
      api(server.url, method, path, body, who.access_token);
    const roomsOf = async (who: TokenPair, scope = "mine"): Promise<RoomSummary[]> =>
      (await call(who, "GET", `/rooms?scope=${scope}`)).body.rooms;
    const memberNames = async (who: TokenPair, roomId: string) => {
      const res = await call(who, "GET", `/rooms/${roomId}/members`);
      assert.equal(res.status, 200);
      return MemberList.parse(res.body).members.map((m) => `${m.user.username}:${m.role}`);
    };
    const post = (who: TokenPair, roomId: string, text: string) =>
      call(who, "POST", `/rooms/${roomId}/messages`, { text, client_msg_id: crypto.randomUUID() });

    const created = await call(alice, "POST", "/rooms", { name: "lobby", topic: "Say hi" });
    assert.equal(created.status, 201);
    assert.deepEqual(
      [created.body.room.kind, created.body.room.owner_id, created.body.room.last_seq],
      ["public", alice.user.id, 1], // seq 1: the owner's member_joined
    );
    const lobby: string = created.body.room.id;
    const hideout: string = (await call(alice, "POST", "/rooms", {
      name: "hideout",
      visibility: "private",
    })).body.room.id;
    const aliceBob: string = (await call(alice, "POST", "/dms", { username: "bob" })).body.room.id;

    await t.step(
      "scope=public lists public rooms I have not joined, never private or direct",
      async () => {
        assert.deepEqual((await roomsOf(bob, "public")).map((r) => r.name), ["lobby"]);
        assert.deepEqual(await roomsOf(alice, "public"), []);
        const mine = await roomsOf(alice);
        assert.deepEqual(mine.map((r) => [r.name, r.kind, r.role]), [
          ["hideout", "private", "owner"],
          ["lobby", "public", "owner"],
          [null, "direct", "member"],
        ]);
        assert.equal(mine[2]!.peer?.username, "bob");
        assert.deepEqual(await memberNames(alice, lobby), ["alice:owner"]);
      },
    );

    await t.step(
      "joining and leaving a public room is announced to members and the joiner",
      async () => {
        const [aliceWs, bobWs] = [await connect(alice), await connect(bob)];
        assert.equal((await call(bob, "POST", `/rooms/${lobby}/join`)).status, 200);
        for (const ws of [aliceWs, bobWs]) {
          const event = await ws.nextEvent("member_joined");
          assert.deepEqual([event.seq, event.room_id, event.user.username, event.room.name], [
            2,
            lobby,
            "bob",
            "lobby",
          ]);
        }
        assert.deepEqual(await roomsOf(bob, "public"), []);
        assert.deepEqual(await memberNames(bob, lobby), ["alice:owner", "bob:member"]);
        await post(alice, lobby, "hello bob");
        assert.equal((await bobWs.nextMessage()).message.text, "hello bob");

        assert.equal((await call(bob, "POST", `/rooms/${lobby}/leave`)).status, 204);
        for (const ws of [aliceWs, bobWs]) {
          const event = await ws.nextEvent("member_left");
          assert.deepEqual([event.seq, event.user.username], [4, "bob"]);
        }
        assert.deepEqual(await memberNames(alice, lobby), ["alice:owner"]);
        // Once left, bob's connection no longer receives the room; the direct room still arrives.
        await post(alice, lobby, "bob is gone");
        await post(alice, aliceBob, "psst");
        assert.equal((await bobWs.nextMessage()).message.text, "psst");
        assert.equal(bobWs.frames.some((f) => f.type === "event"), false);
      },
    );

    await t.step(
      "an owner who leaves passes ownership to the longest-standing member",
      async () => {
        await call(bob, "POST", `/rooms/${lobby}/join`);
        await call(carol, "POST", `/rooms/${lobby}/join`);
        assert.equal((await call(alice, "POST", `/rooms/${lobby}/leave`)).status, 204);
        const room = await call(carol, "GET", `/rooms/${lobby}`);
        assert.equal(room.body.room.owner_id, bob.user.id);
        assert.deepEqual(await memberNames(carol, lobby), ["bob:owner", "carol:member"]);
        assert.equal((await call(bob, "PATCH", `/rooms/${lobby}`, { topic: "Bob's" })).status, 200);
        assert.equal(
          (await call(alice, "PATCH", `/rooms/${lobby}`, { topic: "Mine" })).status,
          403,
        );
      },
    );

    await t.step("the owner invites to a private room and the invitee is told", async () => {
      const daveWs = await connect(dave);
      const invited = await call(alice, "POST", `/rooms/${hideout}/members`, { username: "dave" });
      assert.equal(invited.status, 201);
      assert.deepEqual([invited.body.member.user.username, invited.body.member.role], [
        "dave",
        "member",
      ]);
      const event = await daveWs.nextEvent("member_added");
      assert.deepEqual([event.actor.username, event.room.name, event.room.kind], [
        "alice",
        "hideout",
        "private",
      ]);
      assert.equal((await call(dave, "GET", `/rooms/${hideout}`)).status, 200);
      assert.deepEqual((await roomsOf(dave)).map((r) => r.name), ["hideout"]);
      assert.deepEqual(await memberNames(dave, hideout), ["alice:owner", "dave:member"]);
      assert.equal((await post(dave, hideout, "thanks")).status, 201);
      assert.equal((await call(carol, "GET", `/rooms/${hideout}`)).status, 404);
    });

    await t.step(
      "POST /dms gives both users the same direct room, whoever asks first",
      async () => {
        assert.equal(
          (await call(bob, "POST", "/dms", { username: "alice" })).body.room.id,
          aliceBob,
        );
        const [carolWs, erinWs] = [await connect(carol), await connect(erin)];
        const first = await call(erin, "POST", "/dms", { username: "carol" });
        assert.equal(first.status, 200);
        const { room } = first.body;
        assert.deepEqual([room.kind, room.name, room.owner_id], ["direct", null, null]);
        assert.equal(
          (await call(carol, "POST", "/dms", { username: "erin" })).body.room.id,
          room.id,
        );
        assert.equal(
          (await call(erin, "POST", "/dms", { username: "carol" })).body.room.id,
          room.id,
        );
        // erin's member_joined (seq 1), then carol added by erin (seq 2): carol is told of the
        // second, erin of both.
        for (const ws of [carolWs, erinWs]) {
          const event = await ws.next((f) => f.type === "event" && f.event.room_id === room.id);
          assert.equal(
            event.type === "event" && event.event.type,
            ws === carolWs ? "member_added" : "member_joined",
          );
        }
        const carolDm = (await roomsOf(carol)).find((r) => r.id === room.id);
        assert.equal(carolDm?.peer?.username, "erin");
        assert.deepEqual(await memberNames(erin, room.id), ["carol:member", "erin:member"]);
        // Two first requests at once still make one room.
        const both = await Promise.all([
          call(erin, "POST", "/dms", { username: "frank" }),
          call(frank, "POST", "/dms", { username: "erin" }),
        ]);
        assert.deepEqual(both.map((r) => r.status), [200, 200]);
        assert.equal(both[0].body.room.id, both[1].body.room.id);
      },
    );

    const archive: string = (await call(alice, "POST", "/rooms", { name: "archive" })).body.room.id;
    await call(bob, "POST", `/rooms/${archive}/join`);
    for (let i = 1; i <= 120; i++) {
      assert.equal((await post(alice, archive, `m${i}`)).status, 201);
    }

    await t.step("history pages back and forth by seq with limit and has_more", async () => {
      const page = async (query: string) => {
        const res = await call(bob, "GET", `/rooms/${archive}/messages${query}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        const { messages, has_more } = HistoryPage.parse(res.body);
        return { seqs: messages.map((m) => m.seq), has_more, messages };
      };
      const range = (from: number, to: number) =>
        Array.from({ length: to - from + 1 }, (_, i) => from + i);
      // m1..m120 are seqs 3..122: seqs 1 and 2 are alice's and bob's joins
      const newest = await page("?limit=50");
      assert.deepEqual([newest.seqs, newest.has_more], [range(73, 122), true]);
      assert.deepEqual(newest.messages.map((m) => m.text).slice(-2), ["m119", "m120"]);
      const back = await page("?before_seq=73&limit=50");
      assert.deepEqual([back.seqs, back.has_more], [range(23, 72), true]);
      const oldest = await page("?before_seq=23&limit=50");
      assert.deepEqual([oldest.seqs, oldest.has_more], [range(3, 22), false]);
      const forward = await page("?after_seq=0&limit=50");
      assert.deepEqual([forward.seqs, forward.has_more], [range(3, 52), true]);
      const tail = await page("?after_seq=102&limit=50");
      assert.deepEqual([tail.seqs, tail.has_more], [range(103, 122), false]);
      assert.deepEqual((await page("")).seqs, range(73, 122), "the default limit is 50");
      const all = await page("?limit=200");
      assert.deepEqual([all.seqs, all.has_more], [range(3, 122), false]);
      assert.deepEqual(await page("?after_seq=122"), { seqs: [], has_more: false, messages: [] });
    });

    await t.step("POST /rooms/:id/read moves the read marker and unread_count", async () => {
      const summary = async (who: TokenPair) => (await roomsOf(who)).find((r) => r.id === archive)!;
      const before = await summary(bob);
      assert.deepEqual([before.unread_count, before.last_message?.text], [120, "m120"]);
      assert.equal((await summary(alice)).unread_count, 0, "the sender has read their own");
      const read = (seq: number) => call(bob, "POST", `/rooms/${archive}/read`, { seq });
      const marked = await read(102);
      assert.equal(marked.status, 200);
      assert.deepEqual(marked.body, { room_id: archive, last_read_seq: 102, unread_count: 20 });
      assert.equal((await summary(bob)).unread_count, 20);
      assert.equal((await read(50)).body.last_read_seq, 102, "the marker never moves back");
      assert.deepEqual((await read(999)).body, {
        room_id: archive,
        last_read_seq: 122,
        unread_count: 0,
      });
      assert.equal((await summary(bob)).unread_count, 0);
    });

    await t.step(
      "the same client_msg_id twice gives 201 then 200 with the one stored message",
      async () => {
        const body = { text: "once", client_msg_id: crypto.randomUUID() };
        const first = await call(alice, "POST", `/rooms/${archive}/messages`, body);
        const again = await call(alice, "POST", `/rooms/${archive}/messages`, {
          ...body,
          text: "twice",
        });
        assert.deepEqual([first.status, again.status], [201, 200]);
        assert.deepEqual(again.body.message, first.body.message);
        assert.equal(first.body.message.seq, 123);
        assert.equal((await post(alice, archive, "next")).body.message.seq, 124, "no seq was lost");
        const tail = await call(alice, "GET", `/rooms/${archive}/messages?after_seq=122`);
        assert.deepEqual(tail.body.messages.map((m: { text: string }) => m.text), ["once", "next"]);
      },
    );
  } finally {
    for (const c of clients) await c.close();
    await server.close();
  }
});
