/**
 * The client's IP address: the socket's peer, or, when the peer is a trusted reverse proxy
 * (`TRUSTED_PROXIES`), the address it reports in `X-Forwarded-For`. Behind the nginx of
 * `compose.yaml` every request's peer is nginx, so without this every client would share one
 * login and registration budget; and `X-Forwarded-For` from anyone else is ignored, as anyone can
 * send it.
 *
 * @module
 */
import { createMiddleware } from "hono/factory";
import { getConnInfo } from "hono/deno";
import type { AppEnv } from "./router.ts";

/** Whether an address is one of the trusted proxies. */
export type ProxyMatcher = (address: string) => boolean;

function ipv4ToInt(address: string): number | null {
  const parts = address.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    n = n * 256 + Number(part);
  }
  return n;
}

/** `::ffff:10.0.0.1` (IPv4 mapped into IPv6, as a dual-stack socket reports it) as `10.0.0.1`. */
function normalize(address: string): string {
  const trimmed = address.trim().toLowerCase();
  return trimmed.startsWith("::ffff:") && trimmed.includes(".") ? trimmed.slice(7) : trimmed;
}

/**
 * Whether `entry` is an address (`10.0.0.2`, `::1`) or an IPv4 range in CIDR notation
 * (`172.16.0.0/12`) that {@linkcode proxyMatcher} accepts.
 */
export function isProxyEntry(entry: string): boolean {
  const [base = "", bits, extra] = entry.split("/");
  if (extra !== undefined) return false;
  if (bits === undefined) return ipv4ToInt(base) !== null || /^[0-9a-f:]+$/i.test(base);
  return ipv4ToInt(base) !== null && /^\d{1,2}$/.test(bits) && Number(bits) <= 32;
}

/**
 * A matcher for `entries`: IPv4 and IPv6 addresses, and IPv4 ranges in CIDR notation.
 *
 * @example
 * ```ts
 * import { proxyMatcher } from "./client_ip.ts";
 * const trusted = proxyMatcher(["172.16.0.0/12", "::1"]);
 * console.log(trusted("172.18.0.5"), trusted("8.8.8.8")); // true false
 * ```
 */
export function proxyMatcher(entries: readonly string[]): ProxyMatcher {
  const exact = new Set<string>();
  const ranges: { base: number; mask: number }[] = [];
  for (const entry of entries) {
    const [base = "", bits] = entry.split("/");
    if (bits === undefined) {
      exact.add(normalize(base));
      continue;
    }
    const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
    ranges.push({ base: (ipv4ToInt(base)! & mask) >>> 0, mask });
  }
  return (address) => {
    const ip = normalize(address);
    if (exact.has(ip)) return true;
    const n = ipv4ToInt(ip);
    return n !== null && ranges.some(({ base, mask }) => ((n & mask) >>> 0) === base);
  };
}

/**
 * The client address for a peer and an `X-Forwarded-For` header: the peer unless it is trusted;
 * otherwise the right-most forwarded address that is not itself a trusted proxy (the ones on the
 * left can be made up by the client).
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | undefined,
  trusted: ProxyMatcher,
): string {
  if (!trusted(peer) || !forwardedFor) return normalize(peer);
  const hops = forwardedFor.split(",").map(normalize).filter((hop) => hop !== "");
  for (let i = hops.length - 1; i >= 0; i--) {
    if (!trusted(hops[i]!)) return hops[i]!;
  }
  return hops[0] ?? normalize(peer);
}

/** Middleware that sets `c.var.clientIp` for every request. */
export function clientIp({ trusted = proxyMatcher([]) }: { trusted?: ProxyMatcher } = {}) {
  return createMiddleware<AppEnv>(async function clientIp(c, next) {
    const peer = getConnInfo(c).remote.address ?? "unknown";
    c.set("clientIp", clientAddress(peer, c.req.header("x-forwarded-for"), trusted));
    await next();
  });
}
