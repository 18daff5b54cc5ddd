/** Issue 13, weak spot: a cap on the sockets of one user (it accepted 500). */
import assert from "node:assert/strict";
import { CLOSE_CODES } from "../../shared/mod.ts";
import { signUp, WsClient } from "../testing/test_client.ts";
import { startTestServer } from "../testing/test_server.ts";

Deno.test("a socket past WS_MAX_SOCKETS_PER_USER closes the user's oldest with 4409", async () => {
  const server = await startTestServer({ wsMaxSocketsPerUser: 3 });
  const sockets: WsClient[] = [];
  try {
    const alice = await signUp(server.url, "alice");
    const bob = await signUp(server.url, "bob");
    for (let i = 0; i < 3; i++) {
      sockets.push(await WsClient.connect(server.wsUrl, alice.access_token));
    }
    sockets.push(await WsClient.connect(server.wsUrl, bob.access_token));
    const [oldest, second, third, bobs] = sockets;
    const fourth = await WsClient.connect(server.wsUrl, alice.access_token);
    sockets.push(fourth);
    assert.equal(await oldest!.closed, CLOSE_CODES.tooManyConnections.code);
    assert.equal(CLOSE_CODES.tooManyConnections.reconnect, false);
    for (const open of [second!, third!, fourth, bobs!]) {
      open.send({ type: "ping" });
      await open.nextOfType("pong");
    }
    assert.equal(server.gateway.connectionCount, 4);
  } finally {
    await Promise.all(sockets.map((s) => s.close()));
    await server.close();
  }
});
