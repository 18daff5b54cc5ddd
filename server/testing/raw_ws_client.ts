/**
 * A WebSocket client over a bare TCP connection, for tests that need what the WebSocket API
 * hides: not reading at all (so the server's writes back up), and reading later at its own pace.
 * It speaks just enough RFC 6455: the opening handshake, masked text frames out, unmasked frames
 * in.
 *
 * @module
 */
import { within } from "./within.ts";

/** Default bound on waiting for one frame, in milliseconds. */
const READ_TIMEOUT_MS = 15_000;

/** A frame read from the server. */
export interface RawFrame {
  /** 1 text, 2 binary, 8 close, 9 ping, 10 pong. */
  opcode: number;
  payload: Uint8Array;
}

/**
 * A hand-made WebSocket client.
 *
 * @example Usage
 * ```ts ignore
 * const ws = await RawWsClient.connect("ws://127.0.0.1:8080/api/v1/ws");
 * ws.sendText(JSON.stringify({ type: "ping" }));
 * const frame = await ws.readFrame(); // { opcode: 1, payload: ... }
 * ws.close();
 * ```
 */
export class RawWsClient {
  #buffer = new Uint8Array(0);
  #start = 0;

  private constructor(readonly conn: Deno.TcpConn) {}

  /** Connects and completes the opening handshake. */
  static async connect(wsUrl: string): Promise<RawWsClient> {
    const url = new URL(wsUrl);
    const conn = await Deno.connect({ hostname: url.hostname, port: Number(url.port) });
    const client = new RawWsClient(conn);
    const key = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
    await client.#write(new TextEncoder().encode([
      `GET ${url.pathname} HTTP/1.1`,
      `Host: ${url.host}`,
      "Upgrade: websocket",
      "Connection: Upgrade",
      `Sec-WebSocket-Key: ${key}`,
      "Sec-WebSocket-Version: 13",
      "",
      "",
    ].join("\r\n")));
    let end;
    while ((end = client.#indexOf("\r\n\r\n")) < 0) await client.#fill();
    const head = new TextDecoder().decode(client.#buffer.subarray(0, end));
    client.#start = end + 4;
    if (!head.startsWith("HTTP/1.1 101")) {
      conn.close();
      throw new Error(`WebSocket upgrade refused: ${head.split("\r\n")[0]}`);
    }
    return client;
  }

  /** Sends a masked text frame. */
  sendText(text: string): Promise<void> {
    const payload = new TextEncoder().encode(text);
    const n = payload.length;
    const header = n < 126
      ? [0x81, 0x80 | n]
      : n < 65536
      ? [0x81, 0x80 | 126, n >> 8, n & 0xff]
      : [0x81, 0x80 | 127, 0, 0, 0, 0, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
    const mask = crypto.getRandomValues(new Uint8Array(4));
    const frame = new Uint8Array(header.length + 4 + n);
    frame.set(header);
    frame.set(mask, header.length);
    for (let i = 0; i < n; i++) frame[header.length + 4 + i] = payload[i]! ^ mask[i % 4]!;
    return this.#write(frame);
  }

  /**
   * Reads the next frame, or returns null when the connection has ended.
   *
   * @param timeoutMs bound on the wait; default 15 s
   * @throws {WaitTimeout} when no frame arrives and the connection stays open that long
   */
  readFrame(timeoutMs = READ_TIMEOUT_MS): Promise<RawFrame | null> {
    const read = async () => {
      while (true) {
        const frame = this.#parse();
        if (frame) return frame;
        if (!(await this.#fill())) return null;
      }
    };
    return within(read(), timeoutMs, "a frame from the server (raw WebSocket client)");
  }

  /** Closes the TCP connection without a closing handshake. */
  close(): void {
    try {
      this.conn.close();
    } catch {
      // Already closed.
    }
  }

  #parse(): RawFrame | null {
    const b = this.#buffer;
    let at = this.#start;
    if (b.length - at < 2) return null;
    const opcode = b[at]! & 0x0f;
    let length = b[at + 1]! & 0x7f;
    at += 2;
    if (length === 126) {
      if (b.length - at < 2) return null;
      length = (b[at]! << 8) | b[at + 1]!;
      at += 2;
    } else if (length === 127) {
      if (b.length - at < 8) return null;
      length = Number(new DataView(b.buffer, b.byteOffset + at, 8).getBigUint64(0));
      at += 8;
    }
    if (b.length - at < length) return null;
    this.#start = at + length;
    return { opcode, payload: b.slice(at, at + length) };
  }

  /** Appends what the socket has to the buffer; false at the end of the stream. */
  async #fill(): Promise<boolean> {
    const chunk = new Uint8Array(256 * 1024);
    const n = await this.conn.read(chunk).catch(() => null);
    if (n === null) return false;
    const rest = this.#buffer.subarray(this.#start);
    const next = new Uint8Array(rest.length + n);
    next.set(rest);
    next.set(chunk.subarray(0, n), rest.length);
    this.#buffer = next;
    this.#start = 0;
    return true;
  }

  #indexOf(text: string): number {
    const needle = new TextEncoder().encode(text);
    outer: for (let i = this.#start; i <= this.#buffer.length - needle.length; i++) {
      for (let j = 0; j < needle.length; j++) {
        if (this.#buffer[i + j] !== needle[j]) continue outer;
      }
      return i;
    }
    return -1;
  }

  async #write(bytes: Uint8Array): Promise<void> {
    for (let done = 0; done < bytes.length;) done += await this.conn.write(bytes.subarray(done));
  }
}
