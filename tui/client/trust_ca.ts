/**
 * Trusting a private certificate authority, for a chat server whose certificate it signed
 * (`--ca-file`, `CHAT_CA_FILE`).
 *
 * @module
 */

/** The CA file cannot be used; the message names the file and the reason. */
export class CaFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CaFileError";
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * Makes this process trust the CA certificates of a PEM file for HTTPS and WSS, beside the usual
 * roots. Deno reads `DENO_CERT` when it makes its first TLS connection, for `fetch` and
 * `WebSocket` alike (a `WebSocket` takes no per-connection CA), so this must run before any.
 *
 * @param path a PEM file with one or more CA certificates
 * @throws {CaFileError} when the file cannot be read or holds no PEM certificate
 */
export async function trustCaFile(path: string): Promise<void> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    throw new CaFileError(`Cannot read the CA file "${path}": ${(err as Error).message}`);
  }
  if (!PEM_CERTIFICATE.test(text)) {
    throw new CaFileError(`The CA file "${path}" holds no PEM certificate`);
  }
  Deno.env.set("DENO_CERT", path);
}

/**
 * The value of `--ca-file` in command-line arguments (`--ca-file PATH` or `--ca-file=PATH`), read
 * before the program parses them: see `tui/main.ts`.
 *
 * @returns the path, or undefined when the option is absent
 */
export function caFileArgument(args: readonly string[]): string | undefined {
  // `deno task tui -- <args>` passes its `--` on first (as `runCli` knows); a later one ends the
  // options.
  for (let i = args[0] === "--" ? 1 : 0; i < args.length && args[i] !== "--"; i++) {
    if (args[i] === "--ca-file") return args[i + 1];
    if (args[i]!.startsWith("--ca-file=")) return args[i]!.slice("--ca-file=".length);
  }
  return undefined;
}

/**
 * The reason TLS refused the server's certificate, when that is why a request failed: rustls's
 * words after "invalid peer certificate", such as `UnknownIssuer` (signed by a CA not trusted
 * here) or `Expired`.
 *
 * @param err an error from `fetch` or a wrapper of one (its `cause` chain is searched)
 * @returns the reason, or undefined when the failure was not about the certificate
 */
export function certificateProblem(err: unknown): string | undefined {
  for (let e = err; e instanceof Error; e = e.cause) {
    const reason = /invalid peer certificate: ([^\n]+)/.exec(e.message)?.[1];
    if (reason) return reason.trim();
  }
  return undefined;
}
