/**
 * A client for the API conformance test: sends requests through a Prism proxy, fails on every
 * violation Prism reports, and records which documented answers each operation gave, so the test
 * can compare what it exercised with what the OpenAPI document promises.
 *
 * @module
 */
import assert from "node:assert/strict";

/** The parts of an OpenAPI document the conformance test reads. */
export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** An operation of the document. */
export interface OpenApiOperation {
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: unknown;
  responses: Record<string, OpenApiResponse>;
}

/** A response of an operation. */
interface OpenApiResponse {
  content?: {
    "application/json"?: {
      schema?: {
        allOf?: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } }[];
      };
    };
  };
}

/** A request: `path` with `{param}` placeholders filled from `params`. */
export interface Call {
  method: string;
  path: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  token?: string | undefined;
  /** A JSON body; `raw` sends these bytes as `application/json` instead. */
  body?: unknown;
  raw?: string;
}

/** An answer: status, parsed JSON body (or null) and its error code, if any. */
export interface Answer {
  status: number;
  // deno-lint-ignore no-explicit-any
  body: any;
  code: string | undefined;
}

/** `METHOD /path` of an operation, e.g. `POST /api/v1/rooms/{id}/join`. */
export type OperationKey = string;

/** Every operation of `doc` as `METHOD /path`. */
export function operations(doc: OpenApiDoc): OperationKey[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`)
  ).sort();
}

/** The operation of a key. */
export function operation(doc: OpenApiDoc, key: OperationKey): OpenApiOperation {
  const [method, path] = key.split(" ") as [string, string];
  return doc.paths[path]![method.toLowerCase()]!;
}

/**
 * What the document says each operation can answer: `STATUS` for success answers and `STATUS code`
 * for each error code a response's `ErrorBody` allows.
 */
export function promisedAnswers(doc: OpenApiDoc): Set<string> {
  const out = new Set<string>();
  for (const key of operations(doc)) {
    for (const [status, response] of Object.entries(operation(doc, key).responses)) {
      const allOf = response.content?.["application/json"]?.schema?.allOf;
      const codes = allOf?.[1]?.properties?.error?.properties?.code?.enum;
      if (codes) { for (const code of codes) out.add(`${key} ${status} ${code}`); }
      else out.add(`${key} ${status}`);
    }
  }
  return out;
}

/** Sends requests through Prism and records the answers by operation. */
export class ConformanceClient {
  /** Answers seen, in the form of {@linkcode promisedAnswers}. */
  readonly seen = new Set<string>();

  constructor(private readonly doc: OpenApiDoc) {}

  /**
   * Sends `call` through the proxy at `via` and returns the server's answer.
   * @throws {AssertionError} when Prism reports a violation of the document
   */
  async send(via: { url: string; output(): string }, call: Call): Promise<Answer> {
    const res = await fetch(via.url + fill(call), request(call));
    const text = await res.text();
    if (res.headers.get("content-type")?.startsWith("application/problem+json")) {
      assert.fail(`Prism: ${call.method} ${fill(call)} breaks the document: ${text}`);
    }
    return this.#record(call, res.status, text ? JSON.parse(text) : null);
  }

  /**
   * Sends `call` straight to the server, for requests Prism cannot forward: its own HTTP server
   * answers a body that is not JSON with an error of its own. The answer is checked against the
   * document here instead: its status must be documented, and an error must be the `ErrorBody`
   * shape with a code that status lists.
   * @throws {AssertionError} when the answer breaks the document
   */
  async sendDirect(server: { url: string }, call: Call): Promise<Answer> {
    const res = await fetch(server.url + fill(call), request(call));
    const answer = this.#record(call, res.status, await res.json());
    const what = `${call.method} ${call.path} answered ${res.status}`;
    const response = operation(this.doc, `${call.method} ${call.path}`).responses[res.status];
    assert.ok(response, `${what}, which is not documented`);
    const codes = response.content?.["application/json"]?.schema?.allOf?.[1]?.properties?.error
      ?.properties?.code?.enum;
    assert.ok(codes?.includes(answer.code!), `${what} ${answer.code}, which is not documented`);
    assert.deepEqual(Object.keys(answer.body), ["error"]);
    assert.deepEqual(Object.keys(answer.body.error).sort(), ["code", "message"]);
    assert.equal(typeof answer.body.error.message, "string");
    return answer;
  }

  #record(call: Call, status: number, body: Answer["body"]): Answer {
    const code = body?.error?.code;
    const key = `${call.method} ${call.path}`;
    assert.ok(this.doc.paths[call.path]?.[call.method.toLowerCase()], `${key} is documented`);
    this.seen.add(code ? `${key} ${status} ${code}` : `${key} ${status}`);
    return { status, body, code };
  }
}

/** The path and query of `call`, placeholders filled. */
function fill(call: Call): string {
  const path = call.path.replaceAll(/\{(\w+)\}/g, (_, name) => call.params?.[name] ?? "");
  return path + (call.query ? `?${new URLSearchParams(call.query)}` : "");
}

/** The `fetch` options of `call`. */
function request(call: Call): RequestInit {
  const headers: Record<string, string> = {};
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  const body = call.raw ?? (call.body === undefined ? undefined : JSON.stringify(call.body));
  if (body !== undefined) headers["content-type"] = "application/json";
  return { method: call.method, headers, body };
}
