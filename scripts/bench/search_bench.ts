/**
 * `deno task bench --search`: search latency over a large message store (issue 14). Starts the
 * chat server in services mode on a fresh database, seeds it through SQL (`_search_seed.ts`),
 * registers a searcher who is a member of some rooms, then times `GET /search` over HTTP for a
 * mix of queries (common and rare words, phrases, prefixes, one room, by relevance) and prints
 * p50/p95 per kind and overall. `--explain` prints the plan of one query of each kind.
 *
 * ```sh
 * deno task bench --search                      # 1,000,000 messages
 * deno task bench --search --messages 100000    # for tuning
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createPostgresExecutor } from "../../server/db/postgres_executor.ts";
import { searchTerms } from "../../server/search/search_terms.ts";
import { COMMON_WORDS, RARE_WORDS, seed } from "./_search_seed.ts";
import { startChatServer } from "./_servers.ts";
import { summarise, type Summary } from "./_stats.ts";

/** The query mix: each kind is run `rounds` times with varying words. */
const KINDS: Record<string, (i: number) => Record<string, string>> = {
  "common word": (i) => ({ q: COMMON_WORDS[i % 20]! }),
  "two words": (i) => ({ q: `${COMMON_WORDS[i % 30]} ${COMMON_WORDS[(i * 7 + 3) % 60]}` }),
  "rare word": (i) => ({ q: `zq${(i * 37) % RARE_WORDS}` }),
  "phrase": (i) => ({ q: `"${COMMON_WORDS[i % 10]} ${COMMON_WORDS[(i + 1) % 10]}"` }),
  "prefix": (i) => ({ q: `${COMMON_WORDS[i % 40]!.slice(0, 3)}*` }),
  "relevance": (i) => ({ q: COMMON_WORDS[(i + 5) % 20]!, sort: "relevance" }),
};

/** Runs the search benchmark; returns the exit code. */
export async function searchBench(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      messages: { type: "string", default: "1000000" },
      rounds: { type: "string", default: "40" },
      explain: { type: "boolean", default: false },
    },
  });
  const messages = Number(values.messages);
  const rounds = Number(values.rounds);
  const log = (line: string) => console.error(`bench: ${line}`);
  const databaseUrl = Deno.env.get("DATABASE_URL") ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const prefix = `s${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;
  log("starting the chat server (services)");
  const server = await startChatServer("services", {
    databaseUrl,
    redisUrl: Deno.env.get("REDIS_URL") ?? "redis://127.0.0.1:6379",
    prefix,
    cpuProfDir: null,
  });
  const url = new URL(databaseUrl);
  url.pathname = `/bench_${prefix}`;
  const db = createPostgresExecutor(url.href, { max: 2 });
  try {
    const seconds = await seed(db, { messages, users: 1000, rooms: 200, roomsPerUser: 10 }, log);
    log(`seeded in ${seconds} s`);
    const token = await searcher(server.url, db);
    const [room] = await db.query(
      `select m.room_id from room_members m join users u on u.id = m.user_id
       where u.username = 'searcher' limit 1`,
    );
    const samples: Record<string, number[]> = {};
    for (let i = 0; i < rounds; i++) {
      for (const [kind, query] of Object.entries(KINDS)) {
        const params = query(i);
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/v1/search?${new URLSearchParams(params)}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`search ${JSON.stringify(params)}: HTTP ${res.status}`);
        (samples[kind] ??= []).push(performance.now() - t0);
      }
      const t0 = performance.now();
      const res = await fetch(
        `${server.url}/api/v1/search?${new URLSearchParams({
          q: COMMON_WORDS[i % 20]!,
          room_id: String(room!.room_id),
        })}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      await res.arrayBuffer();
      (samples["one room"] ??= []).push(performance.now() - t0);
    }
    if (values.explain) await explain(db);
    const all = Object.values(samples).flat();
    const rows: [string, Summary][] = [
      ...Object.entries(samples).map(([k, s]) => [k, summarise(s)] as [string, Summary]),
      ["all", summarise(all)],
    ];
    console.log(`search over ${messages.toLocaleString("en")} messages (services mode):`);
    console.log("kind          count  p50 ms  p95 ms  max ms");
    for (const [kind, s] of rows) {
      console.log(
        `${kind.padEnd(12)}  ${String(s.count).padStart(5)}  ${String(s.p50).padStart(6)}  ` +
          `${String(s.p95).padStart(6)}  ${String(s.max).padStart(6)}`,
      );
    }
    return 0;
  } finally {
    await db.close();
    await server.stop();
  }
}

/** Registers `searcher`, a member of 20 rooms, and returns an access token. */
async function searcher(baseUrl: string, db: ReturnType<typeof createPostgresExecutor>) {
  const body = JSON.stringify({ username: "searcher", password: "password123" });
  const headers = { "content-type": "application/json" };
  const reg = await fetch(`${baseUrl}/api/v1/auth/register`, { method: "POST", headers, body });
  await reg.body?.cancel();
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, { method: "POST", headers, body });
  const { access_token } = await login.json();
  await db.query(
    `insert into room_members (room_id, user_id)
     select r.id, u.id from rooms r, users u
     where u.username = 'searcher' and r.name like 'seed-room-%'
     order by r.name limit 20`,
  );
  return access_token as string;
}

/** EXPLAIN ANALYZE of the store's query for a common word, newest first and by relevance. */
async function explain(db: ReturnType<typeof createPostgresExecutor>) {
  const [user] = await db.query("select id from users where username = 'searcher'");
  const { createSearchStore } = await import("../../server/store/search_store.ts");
  for (const sort of ["newest", "relevance"] as const) {
    const plan: string[] = [];
    const explaining = {
      ...db,
      async query(text: string, params?: readonly unknown[]) {
        const rows = await db.query(`explain (analyze, buffers) ${text}`, params);
        plan.push(...rows.map((r) => String(r["QUERY PLAN"])));
        return [];
      },
    };
    await createSearchStore(explaining).search({
      userId: String(user!.id),
      ...searchTerms(COMMON_WORDS[0]!),
      sort,
      limit: 20,
    });
    console.log(`plan (${sort}, "${COMMON_WORDS[0]}"):\n${plan.join("\n")}`);
  }
}
