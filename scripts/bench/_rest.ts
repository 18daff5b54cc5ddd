/**
 * The load generator's HTTP calls to the chat server: a JSON request under `/api/v1`, timed.
 *
 * @module
 */

/** The parsed answer of one call and how long it took. */
export interface Timed {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  ms: number;
}

/**
 * Calls `/api/v1<path>` and reads the whole body.
 *
 * @param baseUrl the server, like `http://127.0.0.1:8080`
 * @param method the HTTP method
 * @param path the path under `/api/v1`
 * @param body a JSON body, if any
 * @param token a bearer access token, if any
 * @returns the status, the parsed body (null when empty) and the round trip in ms
 *
 * @example Logging in
 * ```ts ignore
 * import { call } from "./_rest.ts";
 *
 * const { body } = await call("http://127.0.0.1:8080", "POST", "/auth/login", {
 *   username: "alice",
 *   password: "password123",
 * });
 * ```
 */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<Timed> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["content-type"] = "application/json";
  if (token) headers.authorization = `Bearer ${token}`;
  const started = performance.now();
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    ms: performance.now() - started,
  };
}

/**
 * Like {@linkcode call}, but throws unless the status is `expected`.
 *
 * @returns the parsed body
 * @throws {Error} naming the call, its status and its body
 */
export async function must(
  expected: number,
  ...args: Parameters<typeof call>
): Promise<Timed["body"]> {
  const res = await call(...args);
  if (res.status !== expected) {
    throw new Error(`${args[1]} ${args[2]} failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body;
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight.
 *
 * @returns the results in the order of `items`
 */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
