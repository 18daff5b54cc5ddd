/**
 * Invalid WebSocket frames for fuzz tests: random bytes and strings, unknown types, and valid
 * frames each broken by one mutation (a field missing, of the wrong type, a bad uuid, an empty or
 * too long text, a huge or fractional number, deep nesting, oversize, or a control character,
 * NUL or lone surrogate put into any one of its string fields). Every frame it makes must
 * be refused with an `error` frame by an authenticated connection: none is valid, so none may
 * be stored or answered otherwise. Seeded, so that a failure can be replayed.
 *
 * @module
 */
import { MAX_FRAME_BYTES, MESSAGE_MAX_LENGTH } from "../../shared/mod.ts";

/** A frame to send: text, or binary. */
export type FuzzFrame = string | Uint8Array;

/** mulberry32: a small seeded PRNG, returning floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALID_TYPES = ["hello", "send", "typing", "read", "ping"];

/**
 * Makes invalid frames aimed at `roomId` (a room the fuzzing user belongs to).
 *
 * @example Usage
 * ```ts ignore
 * const next = createFrameFuzzer(42, roomId);
 * ws.send(next()); // answered with an error frame
 * ```
 */
export function createFrameFuzzer(seed: number, roomId: string): () => FuzzFrame {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  /** A version 4 uuid drawn from the seed. */
  const uuid = () => {
    const hex = [...bytes(16)].map((b) => b.toString(16).padStart(2, "0")).join("");
    const variant = (8 + int(4)).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${
      hex.slice(17, 20)
    }-${hex.slice(20, 32)}`;
  };
  const chars = (n: number) =>
    Array.from({ length: n }, () => String.fromCodePoint(pick([int(128), int(0xd7ff), 0x1f600])))
      .join("");
  const nested = (depth: number): unknown => {
    if (depth === 0) return pick([null, 1, true, {}]);
    const inner = nested(depth - 1);
    return random() < 0.5 ? [inner] : { a: inner };
  };
  const badUuid = () =>
    pick([
      "",
      "not-a-uuid",
      uuid().replaceAll("-", ""),
      uuid().slice(0, 35),
      uuid() + "0",
      12345,
      null,
      { id: uuid() },
    ]);
  /**
   * A character no string field accepts: NUL, a C0 or C1 control other than tab and newline, DEL,
   * or a lone UTF-16 surrogate (issue 13, failure 1).
   */
  const hostileChar = () =>
    pick([
      "\u0000",
      String.fromCharCode(1 + int(8)),
      String.fromCharCode(0x0b + int(0x20 - 0x0b)),
      "\u007f",
      String.fromCharCode(0x80 + int(0x20)),
      String.fromCharCode(0xd800 + int(0x400)),
      String.fromCharCode(0xdc00 + int(0x400)),
    ]);
  /** `value` with a hostile character put in at a random place. */
  const poisoned = (value: string) => {
    const at = int(value.length + 1);
    return value.slice(0, at) + hostileChar() + value.slice(at);
  };
  /**
   * A valid frame with one string field poisoned: the text (the only field where such characters
   * could reach the database), a uuid, the kind, the type, or a hello's token and resume key.
   */
  function poisonedFrame(): Record<string, unknown> {
    const send = { type: "send", room_id: roomId, client_msg_id: uuid(), text: "hello" };
    switch (int(7)) {
      case 0:
      case 1:
        return { ...send, text: poisoned(pick(["hello", "a", "line one\nline two", "😀"])) };
      case 2:
        return { ...send, [pick(["room_id", "client_msg_id"])]: poisoned(uuid()) };
      case 3:
        return { ...send, kind: poisoned(pick(["text", "action"])) };
      case 4:
        return { ...send, type: poisoned("send") };
      case 5:
        return pick([
          { type: "typing", room_id: poisoned(roomId) },
          { type: "read", room_id: poisoned(roomId), seq: 1 },
        ]);
      default:
        // Already authenticated, so refused whatever the token; the values still cross the parser.
        return {
          type: "hello",
          token: poisoned("token"),
          resume: { [poisoned(roomId)]: 1 },
        };
    }
  }

  /** Not a string, so never a valid text, uuid or token. */
  const wrongValue = () => pick<unknown>([null, 7, -1, 1.5, true, [], {}, nested(int(40))]);

  /** A valid send, then one mutation that breaks it. */
  function brokenSend(): Record<string, unknown> {
    const frame: Record<string, unknown> = {
      type: "send",
      room_id: roomId,
      client_msg_id: uuid(),
      text: "hello",
    };
    switch (int(9)) {
      case 0:
        delete frame[pick(["room_id", "client_msg_id", "text"])];
        break;
      case 1:
        frame[pick(["room_id", "client_msg_id"])] = badUuid();
        break;
      case 2:
        frame.text = pick(["", " ", "\n\t  ", "\u3000"]);
        break;
      case 3:
        frame.text = pick(["a", "€", "😀"]).repeat(MESSAGE_MAX_LENGTH + 1 + int(50));
        break;
      case 4:
        frame.text = wrongValue();
        break;
      case 5:
        frame.kind = pick(["shout", "", "TEXT", 1, null, ["text"]]);
        break;
      case 6:
        frame.type = pick(["Send", "SEND", " send", "send\u0000", "sendx"]);
        break;
      case 7:
        // Well formed, but for a room that does not exist.
        frame.room_id = uuid();
        break;
      default:
        frame.text = nested(50 + int(200));
    }
    return frame;
  }

  /** A valid typing, read or hello, broken by one mutation. */
  function brokenOther(): Record<string, unknown> {
    switch (int(8)) {
      case 0:
        return { type: "typing", room_id: badUuid() };
      case 1:
        return { type: "typing", room_id: uuid() }; // not a member
      case 2:
        return { type: "read", room_id: roomId, seq: pick([-1, 1.5, 2 ** 53, 1e300, "3", null]) };
      case 3:
        return { type: "read", room_id: uuid(), seq: int(10) }; // no such room
      case 4:
        return { type: "read", room_id: roomId };
      case 5:
        return { type: "hello", token: pick(["", 42, null, ["t"]]) };
      case 6:
        return { type: "hello", token: "x".repeat(1 + int(500)) }; // already authenticated
      default:
        return { type: pick(["Ping", "ping ", "PING", "pong", "welcome", "error"]) };
    }
  }

  return () => {
    const roll = random();
    if (roll < 0.1) return bytes(1 + int(300));
    if (roll < 0.2) return pick(["", "{", "[", "}"]) + chars(int(200)); // never a JSON object
    if (roll < 0.25) return JSON.stringify(pick([null, 0, 1e308, "hello", [], [{ type: "ping" }]]));
    if (roll < 0.3) {
      // Raw JSON the serialiser cannot produce: overflowing numbers, duplicate keys.
      return pick([
        `{"type":"read","room_id":"${roomId}","seq":1e999}`,
        `{"type":"read","room_id":"${roomId}","seq":-0.5e1}`,
        `{"type":"ping","type":"send"}`,
        `{"__proto__":{"type":"ping"}}`,
        `{"type":"send","room_id":"${roomId}","client_msg_id":"${uuid()}","text":"\\ud800"`,
      ]);
    }
    if (roll < 0.35) {
      let type = chars(1 + int(20));
      while (VALID_TYPES.includes(type)) type = chars(1 + int(20));
      return JSON.stringify({ type, room_id: roomId, text: "hi" });
    }
    if (roll < 0.37) {
      const size = MAX_FRAME_BYTES + 1 + int(pick([1_000, 200_000]));
      return JSON.stringify({ type: "ping", pad: "x".repeat(size) });
    }
    if (roll < 0.5) return JSON.stringify(poisonedFrame());
    return JSON.stringify(roll < 0.8 ? brokenSend() : brokenOther());
  };
}

/**
 * The seed of a fuzz run: `FUZZ_SEED` when set (a failure's replay), else a random one.
 *
 * @param env the variable's value, as `Deno.env.get("FUZZ_SEED")` returns it
 * @returns an integer in [0, 2^31)
 * @throws {Error} when `env` is set but not such an integer
 */
export function fuzzSeed(env: string | undefined = Deno.env.get("FUZZ_SEED")): number {
  if (env === undefined || env === "") return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(env);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 31) {
    throw new Error(`FUZZ_SEED must be an integer from 0 to 2^31 - 1: "${env}"`);
  }
  return seed;
}

/**
 * The shell command that runs `testFile` again with `seed`, in the current test mode.
 *
 * @param seed the run's seed
 * @param testFile the test file, relative to the repository root
 */
export function replayCommand(seed: number, testFile: string): string {
  const services = ["DATABASE_URL", "REDIS_URL"].flatMap((name) => {
    const value = Deno.env.get(name);
    return value ? [`${name}=${value}`] : [];
  });
  return [`FUZZ_SEED=${seed}`, ...services, "deno task test", testFile].join(" ");
}
