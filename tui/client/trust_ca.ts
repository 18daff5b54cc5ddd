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
 * An HTTP client that trusts the CA certificates of a PEM file beside the usual roots, for
 * `fetch` (its `client` option) and `WebSocket` (`new WebSocket(url, { client })`) alike.
 *
 * Per connection, not per process: Deno reads `DENO_CERT` once, at startup, so setting it while
 * running has no effect.
 *
 * @param path a PEM file with one or more CA certificates
 * @returns the client; the process may exit without closing it
 * @throws {CaFileError} when the file cannot be read, holds no PEM certificate, or holds one
 *   that TLS cannot use
 */
export async function caHttpClient(path: string): Promise<Deno.HttpClient> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    throw new CaFileError(`Cannot read the CA file "${path}": ${(err as Error).message}`);
  }
  if (!PEM_CERTIFICATE.test(text)) {
    throw new CaFileError(`The CA file "${path}" holds no PEM certificate`);
  }
  try {
    return Deno.createHttpClient({ caCerts: [text] });
  } catch (err) {
    throw new CaFileError(`The CA file "${path}" cannot be used: ${(err as Error).message}`);
  }
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
