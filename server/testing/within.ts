/**
 * Bounded waits for tests: a test that waits on a socket close, a frame or a process fails with
 * what it was waiting for instead of hanging until CI's timeout.
 *
 * @module
 */

/** Thrown by {@linkcode within} when the promise does not settle in time. */
export class WaitTimeout extends Error {
  override name = "WaitTimeout";
}

/**
 * `promise`'s value, or a {@linkcode WaitTimeout} naming `what` once `ms` milliseconds pass
 * first. The timer is cleared when the promise settles, so no timer leaks into the next test.
 *
 * @param promise what the test waits for
 * @param ms the bound in milliseconds
 * @param what the awaited thing, as the failure message will say it: "alice's socket to close";
 *   a function is called at the timeout, to report state as it is then (a process's output)
 * @throws {WaitTimeout} `Timed out after <ms> ms waiting for <what>`
 *
 * @example Usage
 * ```ts ignore
 * const code = await within(ws.closed, 5_000, "the server to close the socket with 1008");
 * ```
 */
export async function within<T>(
  promise: Promise<T>,
  ms: number,
  what: string | (() => string),
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const described = typeof what === "string" ? what : what();
        reject(new WaitTimeout(`Timed out after ${ms} ms waiting for ${described}`));
      },
      ms,
    );
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves once `condition()` holds, checking every `intervalMs`; a {@linkcode WaitTimeout}
 * naming `what` after `ms`. For state that changes without an event to wait on (a count in
 * another process, a row in the database); prefer an event when there is one.
 *
 * @param condition checked at once, then every `intervalMs`; may be async
 * @param ms the bound in milliseconds
 * @param what the awaited state, as the failure message will say it (a function: as it is then)
 * @param intervalMs the polling interval; default 20 ms
 * @throws {WaitTimeout} `Timed out after <ms> ms waiting for <what>`
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  ms: number,
  what: string | (() => string),
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() >= deadline) {
      const described = typeof what === "string" ? what : what();
      throw new WaitTimeout(`Timed out after ${ms} ms waiting for ${described}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * A child process's output once it exits; after `ms` it is killed (SIGKILL) and a
 * {@linkcode WaitTimeout} names `what`, so a hung command fails its test instead of hanging it.
 *
 * @param child spawned with `stdout` and `stderr` piped
 * @param ms the bound in milliseconds
 * @param what the awaited exit, as the failure message will say it: "chat-tui login to exit"
 * @throws {WaitTimeout} `Timed out after <ms> ms waiting for <what>`
 */
export async function outputWithin(
  child: Deno.ChildProcess,
  ms: number,
  what: string,
): Promise<Deno.CommandOutput> {
  const output = child.output();
  try {
    return await within(output, ms, what);
  } catch (err) {
    if (err instanceof WaitTimeout) {
      try {
        child.kill("SIGKILL");
      } catch {
        // Exited meanwhile.
      }
      await output.catch(() => {});
    }
    throw err;
  }
}
