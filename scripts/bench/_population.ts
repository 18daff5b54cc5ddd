/**
 * The users and rooms of a run. On the chat server they are real: registered and logged in over
 * HTTP, rooms created by their first member and joined by the others. On the bare server there is
 * no auth: rooms are fresh UUIDs and a user's room travels in `hello`'s `resume`.
 *
 * Member `m` of room `r` is user `(r × members + m) % users` (see {@linkcode memberOf}), so with
 * fewer users than rooms × members each user belongs to several rooms; connection `j` belongs to
 * user `j % users`, and every connection of a user receives the messages of all the user's rooms.
 *
 * @module
 */
import type { Plan } from "./_protocol.ts";
import { must, pool } from "./_rest.ts";

/** The password of every benchmark user. */
export const BENCH_PASSWORD = "bench-password-123";

/**
 * The user who is member `m` of room `r`.
 *
 * @example Two rooms of three members shared by four users
 * ```ts
 * import { memberOf } from "./_population.ts";
 *
 * const plan = { rooms: 2, members: 3, users: 4 };
 * [0, 1, 2].map((m) => memberOf(plan, 1, m)); // [3, 0, 1]
 * ```
 */
export function memberOf(
  plan: Pick<Plan, "members" | "users">,
  r: number,
  m: number,
): number {
  return (r * plan.members + m) % plan.users;
}

/** Who is who in a run. */
export interface Population {
  roomIds: string[];
  /** The room indexes of each user. */
  userRooms: number[][];
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
  const names = Array.from({ length: plan.users }, (_, i) => `${plan.prefix}_u${i}`);
  const userRooms: number[][] = names.map(() => []);
  const joins: { r: number; user: number }[] = [];
  for (let r = 0; r < plan.rooms; r++) {
    for (let m = 0; m < plan.members; m++) {
      const user = memberOf(plan, r, m);
      userRooms[user]!.push(r);
      if (m > 0) joins.push({ r, user });
    }
  }
  if (plan.target === "bare") {
    return {
      userRooms,
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
    const owner = tokens[memberOf(plan, r, 0)]!;
    const body = { name: `${plan.prefix}-r${r}` };
    const { room } = await must(201, plan.url, "POST", "/rooms", body, owner);
    return room.id as string;
  });
  await pool(joins, 32, async ({ r, user }) => {
    await must(200, plan.url, "POST", `/rooms/${roomIds[r]}/join`, undefined, tokens[user]);
  });
  return { userRooms, roomIds, tokens, probeUser: names[0]! };
}
