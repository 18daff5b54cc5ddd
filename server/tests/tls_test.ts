/**
 * The server serving HTTPS and WSS itself (TLS_CERT_FILE, TLS_KEY_FILE) with a certificate of a
 * throwaway CA, chat-tui trusting that CA (--ca-file, CHAT_CA_FILE), and the certificate
 * reloaded on SIGHUP.
 *
 * This process trusts the CA through an HttpClient (fetch and WebSocket take one), as chat-tui
 * does. chat-tui runs as a subprocess, as people run it, with neither DENO_CERT nor this
 * process's environment.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { freePort, spawnServer } from "../testing/server_process.ts";
import { openServerHome } from "../testing/server_home.ts";
import { until } from "../testing/within.ts";
import { createTestCa, presentedSubject } from "../testing/test_ca.ts";
import { WsClient } from "../testing/test_client.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * PATH, HOME and DENO_DIR of this process: a subprocess gets these and nothing else of its
 * environment, so that no DENO_CERT or CHAT_CA_FILE of ours makes it trust the CA.
 */
function bareEnv(): Record<string, string> {
  return Object.fromEntries(
    ["PATH", "HOME", "DENO_DIR"].flatMap((k) => Deno.env.get(k) ? [[k, Deno.env.get(k)!]] : []),
  );
}

/** Runs `chat-tui args…` with only the variables given (besides those of `bareEnv()`). */
async function chatTui(env: Record<string, string>, args: string[], stdin?: string): Promise<Run> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-q", "-A", "tui/main.ts", ...args],
    cwd: ROOT,
    clearEnv: true,
    env: { ...bareEnv(), NO_COLOR: "1", ...env },
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code, stdout: text(stdout), stderr: text(stderr) };
}

function assertOk(run: Run) {
  assert.equal(run.code, 0, `exit ${run.code}; stderr: ${run.stderr}`);
}

Deno.test("TLS: HTTPS and WSS with a private CA, for chat-tui and the test client; SIGHUP reloads the certificate", async (t) => {
  const ca = await createTestCa();
  const first = await ca.issue("chat test server 1");
  const client = Deno.createHttpClient({ caCerts: [await Deno.readTextFile(ca.caFile)] });
  const port = freePort();
  const home = await openServerHome("chat_tls_");
  const configHome = await Deno.makeTempDir();
  const server = await spawnServer({
    port,
    home,
    // info: the reload's log lines are what the test waits for.
    env: { TLS_CERT_FILE: first.certFile, TLS_KEY_FILE: first.keyFile, LOG_LEVEL: "info" },
    caFile: ca.caFile,
  });
  const trusted = { XDG_CONFIG_HOME: configHome };
  /**
   * `/api/v1<path>` over TLS, trusting the CA; resolves to status and JSON body. A content-type
   * goes only with a body: the server answers 400 to a JSON content-type with nothing to parse.
   */
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      client,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const signUp = async (username: string): Promise<{ access_token: string }> => {
    const credentials = { username, password: "password123" };
    assert.equal((await call("POST", "/auth/register", credentials)).status, 201);
    return (await call("POST", "/auth/login", credentials)).body;
  };
  const tui = (env: Record<string, string>, args: string[], stdin?: string) =>
    chatTui(env, ["--server", server.url, ...args], stdin);
  const sockets: { close(): unknown }[] = [];
  // The spawned server shares the database of services mode with other runs: names of our own.
  const run = crypto.randomUUID().slice(0, 8);
  const [alice, room] = [`alice_${run}`, `general-${run}`];
  try {
    assert.match(server.url, /^https:/);

    await t.step("the API offers HTTP/2 over ALPN, and HTTP/1.1", async () => {
      for (const protocol of ["h2", "http/1.1"]) {
        const conn = await Deno.connectTls({
          hostname: "127.0.0.1",
          port,
          caCerts: [await Deno.readTextFile(ca.caFile)],
          alpnProtocols: [protocol],
        });
        assert.equal((await conn.handshake()).alpnProtocol, protocol);
        conn.close();
      }
    });

    await t.step(
      "without the CA, chat-tui is refused with a line that says what to do",
      async () => {
        const run = await tui(trusted, ["login", "-u", alice, "--password-stdin"], "password123\n");
        assert.equal(run.code, 1);
        assert.equal(
          run.stderr.trim(),
          `the certificate of ${server.url} is not trusted (UnknownIssuer): ` +
            "give the CA that signed it with --ca-file or CHAT_CA_FILE",
        );
      },
    );

    await t.step({
      name: "chat-tui --ca-file and the test client chat over HTTPS and WSS",
      fn: async () => {
        const withCa = ["--ca-file", ca.caFile];
        assertOk(
          await tui(
            trusted,
            [...withCa, "register", "-u", alice, "--password-stdin"],
            "password123\n",
          ),
        );
        assertOk(await tui(trusted, [...withCa, "create", room]));
        const bob = await signUp(`bob_${run}`);
        const rooms = await call("GET", "/rooms?scope=public", undefined, bob.access_token);
        const roomId = rooms.body.rooms.find((r: { name: string }) => r.name === room).id;
        assert.equal(
          (await call("POST", `/rooms/${roomId}/join`, undefined, bob.access_token)).status,
          200,
        );

        const bobWs = await WsClient.connect(server.wsUrl, bob.access_token, client);
        sockets.push(bobWs);
        assertOk(await tui(trusted, [...withCa, "send", room, "hello over tls"]));
        assert.equal((await bobWs.nextMessage(10_000)).message.text, "hello over tls");

        // chat-tui's own WebSocket client, the one its chat screen uses, over wss:// in a process of
        // its own that trusts the CA through caHttpClient() as chat-tui does, without DENO_CERT.
        const screen = await chatSocketProcess(server.url, bob.access_token, ca.caFile);
        await screen.saw("connected");
        bobWs.send({
          type: "send",
          room_id: roomId,
          client_msg_id: crypto.randomUUID(),
          text: "hi alice",
        });
        await bobWs.nextMessage();
        await screen.saw("message: hi alice");
        await screen.close();

        const history = await tui({ ...trusted, CHAT_CA_FILE: ca.caFile }, ["history", room]);
        assertOk(history);
        assert.match(
          history.stdout,
          new RegExp(`<${alice}> hello over tls\\n.*<bob_${run}> hi alice`),
        );
      },
    });

    await t.step("SIGHUP serves the new certificate; open sockets close with 1012", async () => {
      const second = await ca.issue("chat test server 2");
      assert.match(await presentedSubject("127.0.0.1", port), /CN ?= ?chat test server 1/);
      await Deno.copyFile(second.certFile, first.certFile);
      await Deno.copyFile(second.keyFile, first.keyFile);
      const dave = await signUp(`dave_${run}`);
      const bobWs = await WsClient.connect(server.wsUrl, dave.access_token, client);
      sockets.push(bobWs);
      server.kill("SIGHUP");
      assert.equal(await bobWs.closed, 1012);
      await until(
        () => server.output().includes("TLS certificate reloaded"),
        15_000,
        'the log line "TLS certificate reloaded"',
      );
      assert.match(await presentedSubject("127.0.0.1", port), /CN ?= ?chat test server 2/);
      const res = await fetch(`${server.url}/readyz`, { client });
      assert.equal(res.status, 200);
      await res.body?.cancel();
    });

    await t.step(
      "a pair that does not load is refused on SIGHUP; the current one stays",
      async () => {
        const carol = await signUp(`carol_${run}`);
        const ws = await WsClient.connect(server.wsUrl, carol.access_token, client);
        sockets.push(ws);
        await Deno.writeTextFile(first.keyFile, "not a key\n");
        server.kill("SIGHUP");
        await until(
          () => server.output().includes("TLS reload failed"),
          15_000,
          'the log line "TLS reload failed"',
        );
        assert.match(await presentedSubject("127.0.0.1", port), /CN ?= ?chat test server 2/);
        ws.send({ type: "ping" });
        await ws.nextOfType("pong");
        assert.equal(ws.closeCode, null);
      },
    );
  } finally {
    for (const socket of sockets) await socket.close();
    server.kill("SIGTERM");
    await server.status;
    client.close();
    await ca.close();
    await home.close();
    await Deno.remove(configHome, { recursive: true });
  }
});

/**
 * chat-tui's ChatSocket in a subprocess, trusting the CA with the client of `caHttpClient()` as
 * chat-tui does, printing `connected` and each `message: <text>` it receives.
 */
function chatSocketProcess(serverUrl: string, token: string, caFile: string) {
  const script = `
    import { createChatSocket } from "./tui/client/chat_socket.ts";
    import { caHttpClient } from "./tui/client/trust_ca.ts";
    const socket = createChatSocket({
      url: ${JSON.stringify(serverUrl)},
      httpClient: await caHttpClient(${JSON.stringify(caFile)}),
      session: {
        freshAccessToken: () => Promise.resolve(${JSON.stringify(token)}),
        refresh: () => Promise.reject(new Error("no refresh here")),
      },
    });
    socket.subscribe((e) => {
      if (e.type === "status") console.log(e.status.state);
      if (e.type === "frame" && e.frame.type === "event" && e.frame.event.type === "message_posted") {
        console.log("message: " + e.frame.event.message.text);
      }
    });
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", "-q", "--ext=ts", script],
    cwd: ROOT,
    clearEnv: true,
    env: bareEnv(),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let output = "";
  const drained = (async () => {
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) output += chunk;
  })();
  const errors = new Response(child.stderr).text();
  return {
    saw(line: string) {
      return until(
        () => output.split("\n").includes(line),
        15_000,
        () => `the chat socket to print "${line}" (it printed: ${output})`,
      );
    },
    async close() {
      child.kill("SIGTERM");
      await child.status;
      await drained;
      await errors;
    },
  };
}
