import assert from "node:assert/strict";
import { clientAddress, isProxyEntry, proxyMatcher } from "./client_ip.ts";

Deno.test("proxyMatcher() matches addresses and IPv4 ranges, mapped IPv6 included", () => {
  const trusted = proxyMatcher(["172.16.0.0/12", "10.0.0.7", "::1"]);
  assert.deepEqual(
    ["172.18.0.5", "172.32.0.1", "10.0.0.7", "10.0.0.8", "::1", "::ffff:172.20.1.1"].map(trusted),
    [true, false, true, false, true, true],
  );
  assert.equal(proxyMatcher(["0.0.0.0/0"])("8.8.8.8"), true);
  assert.deepEqual(["10.0.0.0/8", "::1", "10.0.0.0/33", "nginx", "1.2.3"].map(isProxyEntry), [
    true,
    true,
    false,
    false,
    false,
  ]);
});

Deno.test("clientAddress() believes X-Forwarded-For only from a trusted proxy", () => {
  const trusted = proxyMatcher(["10.0.0.2"]);
  assert.equal(clientAddress("203.0.113.9", "1.2.3.4", trusted), "203.0.113.9", "untrusted peer");
  assert.equal(clientAddress("10.0.0.2", "198.51.100.4", trusted), "198.51.100.4");
  assert.equal(clientAddress("10.0.0.2", undefined, trusted), "10.0.0.2");
  // The client wrote "1.2.3.4" itself; nginx appended the address it saw.
  assert.equal(clientAddress("10.0.0.2", "1.2.3.4, 198.51.100.4", trusted), "198.51.100.4");
  assert.equal(clientAddress("10.0.0.2", "198.51.100.4, 10.0.0.2", trusted), "198.51.100.4");
});
