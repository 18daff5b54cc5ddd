/**
 * Stoplight Prism as a validating proxy (`prism proxy <document> <upstream> --errors`): it
 * forwards each request to the server and answers `application/problem+json` instead when the
 * request or the response breaks the OpenAPI document.
 *
 * @module
 */
import { ciTool } from "./ci_tools.ts";
import { freePort } from "./server_process.ts";

/** A running Prism proxy. */
export interface PrismProxy {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** What Prism logged so far, for failure messages. */
  output(): string;
  close(): Promise<void>;
}

/** Options for {@linkcode startPrism}. */
export interface PrismOptions {
  /** Path of the OpenAPI document. */
  document: string;
  /** The server to forward to, `http://127.0.0.1:<port>`. */
  upstream: string;
  /**
   * Whether Prism refuses requests the document does not allow (default true). Tests of error
   * answers to bad requests turn it off, so the request reaches the server and only the response
   * is checked.
   */
  validateRequest?: boolean;
}

const READY_TIMEOUT_MS = 60_000;

/** Starts Prism and resolves once it listens. */
export async function startPrism(
  { document, upstream, validateRequest = true }: PrismOptions,
): Promise<PrismProxy> {
  const port = freePort();
  const child = new Deno.Command(ciTool("prism"), {
    args: [
      "proxy",
      document,
      upstream,
      "--errors",
      `--validate-request=${validateRequest}`,
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
    ],
    env: { NO_COLOR: "1", FORCE_COLOR: "0" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  let listening: () => void;
  const ready = new Promise<void>((resolve) => listening = resolve);
  const drain = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
      text += chunk;
      if (text.includes("Prism is listening")) listening();
    }
  };
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  const exited = child.status.then((s) => {
    throw new Error(`Prism exited with ${s.code} before listening:\n${text}`);
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`Prism did not listen within ${READY_TIMEOUT_MS} ms:\n${text}`)),
      READY_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([ready, exited, timeout]);
  } catch (err) {
    child.kill("SIGKILL");
    await drained;
    await child.status;
    throw err;
  } finally {
    clearTimeout(timer);
  }
  exited.catch(() => {});
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => text,
    async close() {
      try {
        child.kill("SIGTERM");
      } catch {
        // Already exited.
      }
      await drained;
      await child.status;
    },
  };
}
