/**
 * The secret that signs access tokens: JWT_SECRET when set (required in production), otherwise a
 * random one generated on first start and kept in `<CHAT_DATA_DIR>/jwt_secret` (mode 0600), so
 * sessions survive restarts in development.
 *
 * @module
 */
import { base64url } from "jose";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";

/** Returns the signing secret, creating the development one if needed. */
export async function resolveJwtSecret(
  config: Pick<Config, "jwtSecret" | "dataDir">,
  logger: Logger,
): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  const path = `${config.dataDir}/jwt_secret`;
  try {
    const kept = (await Deno.readTextFile(path)).trim();
    if (kept.length >= 32) {
      logger.warn(
        { path },
        "JWT_SECRET not set: using the development secret kept in the data dir",
      );
      return kept;
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  const secret = base64url.encode(crypto.getRandomValues(new Uint8Array(32)));
  await Deno.mkdir(config.dataDir, { recursive: true });
  await Deno.writeTextFile(path, secret + "\n", { mode: 0o600 });
  logger.warn({ path }, "JWT_SECRET not set: generated a development secret in the data dir");
  return secret;
}
