/**
 * The users and rooms of a run. On the chat server they are real: registered and logged in over
 * HTTP, rooms created by their first member and joined by the others. On the bare server there is
 * no auth: rooms are fresh UUIDs and a user's room travels in `hello`'s `resume`.
 *
 * User `i` belongs to room `floor(i / members)`; connection `j` belongs to user `j % users`, so a
 * user holds one or more connections, all of which receive the room's messages.
 *
 * @module
 */
import type { Plan } from "./_protocol.ts";
import { must, pool } from "./_rest.ts";

/** The password of every benchmark user. */
export const BENCH_PASSWORD = "bench-password-123";

/** Who is who in a run. */
export interface Population {
  roomIds: string[];
  /** The `hello` token of each user. */
  tokens: string[];
  /** Username of user 0, whom the REST probes log in as. */
  probeUser: string;
}

/**
 * Creates the users and rooms of `plan`.
 *
 * @returns room ids and a token per user
 */
export async function populate(plan: Plan): Promise<Population> {
  const users = plan.rooms * plan.members;
  const names = Array.from({ length: users }, (_, i) => `${plan.prefix}_u${i}`);
  if (plan.target === "bare") {
    return {
      roomIds: Array.from({ length: plan.rooms }, () => crypto.randomUUID()),
      tokens: names,
      probeUser: names[0]!,
    };
  }
  const tokens = await pool(names, 16, async (username) => {
    await must(201, plan.url, "POST", "/auth/register", { username, password: BENCH_PASSWORD });
    const login = await must(200, plan.url, "POST", "/auth/login", {
      username,
      password: BENCH_PASSWORD,
    });
    return login.access_token as string;
  });
  const roomIds = await pool(Array.from({ length: plan.rooms }, (_, r) => r), 16, async (r) => {
    const owner = tokens[r * plan.members]!;
    const body = { name: `${plan.prefix}-r${r}` };
    const { room } = await must(201, plan.url, "POST", "/rooms", body, owner);
    return room.id as string;
  });
  const joiners = tokens.map((token, i) => ({ token, i })).filter(({ i }) => i % plan.members);
  await pool(joiners, 32, async ({ token, i }) => {
    const roomId = roomIds[Math.floor(i / plan.members)]!;
    await must(200, plan.url, "POST", `/rooms/${roomId}/join`, undefined, token);
  });
  return { roomIds, tokens, probeUser: names[0]! };
}
