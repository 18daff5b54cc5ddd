/**
 * Server URLs: the one spelling under which a server's credentials are stored, and the WebSocket
 * URL that goes with a base URL.
 *
 * @module
 */

/**
 * Normalises a server base URL so that `http://LOCALHOST:8080/`, `http://localhost:8080` and
 * `http://localhost:8080//` name the same server: lower-case host, default port dropped, no
 * trailing slash, no query or fragment.
 *
 * @param url an `http://` or `https://` URL, optionally with a path prefix
 * @returns the normalised URL
 * @throws {TypeError} when `url` is not an http(s) URL
 *
 * @example Equivalent spellings become one
 * ```ts
 * import { normaliseServerUrl } from "./server_url.ts";
 * normaliseServerUrl("HTTP://Chat.Example.com:80/"); // "http://chat.example.com"
 * ```
 */
export function normaliseServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Invalid server URL "${url}": expected e.g. http://localhost:8080`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(`Invalid server URL "${url}": it must start with http:// or https://`);
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, "")}`;
}

/**
 * The WebSocket endpoint of a server: `ws://` for `http://`, `wss://` for `https://`, plus
 * `/api/v1/ws`.
 *
 * @param baseUrl an http(s) base URL
 * @returns the `ws://` or `wss://` URL of the protocol endpoint
 * @throws {TypeError} when `baseUrl` is not an http(s) URL
 *
 * @example The endpoint of a TLS server
 * ```ts
 * import { webSocketUrl } from "./server_url.ts";
 * webSocketUrl("https://chat.example.com"); // "wss://chat.example.com/api/v1/ws"
 * ```
 */
export function webSocketUrl(baseUrl: string): string {
  return `${normaliseServerUrl(baseUrl).replace(/^http/, "ws")}/api/v1/ws`;
}
