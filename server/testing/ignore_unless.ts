/**
 * Tests that cannot run everywhere say why. Deno's `ignore: true` carries no reason, so an
 * ignored test's name gets one: `name [ignored: reason]`, which the runner prints beside
 * "ignored" and `.ci/run` lists in its summary.
 *
 * @module
 */

/**
 * `definition` when `condition` holds; otherwise the same test, ignored, its name ending with
 * `[ignored: <reason>]`.
 *
 * @param condition true where the test can run
 * @param reason why it cannot run elsewhere: "needs Redis (services mode)"
 * @param definition the test
 *
 * @example Usage
 * ```ts ignore
 * Deno.test(ignoreUnless(testMode() === "services", "needs Redis (services mode)", {
 *   name: "a Redis outage ...",
 *   fn: async () => {},
 * }));
 * ```
 */
export function ignoreUnless(
  condition: boolean,
  reason: string,
  definition: Deno.TestDefinition,
): Deno.TestDefinition {
  if (condition) return definition;
  return { ...definition, name: `${definition.name} [ignored: ${reason}]`, ignore: true };
}
