import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

Deno.test("loadConfig() applies the documented defaults", () => {
  const config = loadConfig({});
  assert.equal(config.port, 8080);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, "./data");
  assert.equal(config.accessTokenTtl, 900);
  assert.equal(config.refreshTokenTtl, 30 * 86400);
  assert.equal(config.production, false);
});

Deno.test("loadConfig() parses durations and ports", () => {
  const config = loadConfig({ PORT: "9000", ACCESS_TOKEN_TTL: "90s", REFRESH_TOKEN_TTL: "2h" });
  assert.deepEqual([config.port, config.accessTokenTtl, config.refreshTokenTtl], [9000, 90, 7200]);
});

Deno.test("loadConfig() names every bad variable", () => {
  assert.throws(
    () => loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", ACCESS_TOKEN_TTL: "soon" }),
    (err: unknown) =>
      err instanceof ConfigError && /PORT/.test(err.message) &&
      /DATABASE_URL/.test(err.message) && /ACCESS_TOKEN_TTL/.test(err.message),
  );
});

Deno.test("loadConfig() requires JWT_SECRET in production", () => {
  assert.throws(() => loadConfig({ CHAT_ENV: "production" }), /JWT_SECRET: required/);
  assert.throws(() => loadConfig({ NODE_ENV: "production" }), /JWT_SECRET: required/);
  const secret = { CHAT_ENV: "production", JWT_SECRET: "x".repeat(32) };
  const config = loadConfig({ ...secret, METRICS_TOKEN: "t" });
  assert.equal(config.production, true);
});

Deno.test("loadConfig() in production requires METRICS_TOKEN or a metrics listener of its own", () => {
  const production = { CHAT_ENV: "production", JWT_SECRET: "x".repeat(32) };
  assert.throws(() => loadConfig(production), /METRICS_TOKEN: required in production/);
  assert.equal(loadConfig({ ...production, METRICS_TOKEN: "t" }).metricsToken, "t");
  const separate = loadConfig({ ...production, METRICS_PORT: "9091" });
  assert.deepEqual([separate.metricsPort, separate.metricsHost], [9091, "127.0.0.1"]);
  assert.equal(loadConfig({}).metricsPort, undefined, "development serves it beside the API");
});

Deno.test("loadConfig() reads CORS_ORIGINS; none by default", () => {
  assert.deepEqual(loadConfig({}).corsOrigins, []);
  const origins = "https://chat.example, http://localhost:5173";
  assert.deepEqual(loadConfig({ CORS_ORIGINS: origins }).corsOrigins, [
    "https://chat.example",
    "http://localhost:5173",
  ]);
  assert.throws(() => loadConfig({ CORS_ORIGINS: "*" }), /CORS_ORIGINS/);
});

Deno.test("loadConfig() parses rate limits and rejects malformed ones", () => {
  const config = loadConfig({ RATE_LIMIT_REST: "5/10s" });
  assert.deepEqual(config.rateLimits.rest, { points: 5, seconds: 10 });
  assert.deepEqual(config.rateLimits.wsSend, { points: 20, seconds: 10 });
  assert.equal(config.wsMaxBufferedBytes, 1024 * 1024);
  assert.throws(() => loadConfig({ RATE_LIMIT_LOGIN: "lots" }), /RATE_LIMIT_LOGIN/);
  assert.deepEqual(config.rateLimits.login, { points: 5, seconds: 900 });
  assert.deepEqual(config.rateLimits.loginIp, { points: 30, seconds: 60 });
  assert.deepEqual(config.rateLimits.register, { points: 10, seconds: 3600 });
  assert.deepEqual(loadConfig({ RATE_LIMIT_REGISTER: "3/1d" }).rateLimits.register, {
    points: 3,
    seconds: 86400,
  });
});

Deno.test("loadConfig() reads TRUSTED_PROXIES as addresses and IPv4 ranges", () => {
  assert.deepEqual(loadConfig({}).trustedProxies, []);
  assert.deepEqual(loadConfig({ TRUSTED_PROXIES: "10.0.0.0/8, ::1" }).trustedProxies, [
    "10.0.0.0/8",
    "::1",
  ]);
  assert.throws(() => loadConfig({ TRUSTED_PROXIES: "nginx" }), /TRUSTED_PROXIES: .*nginx/);
});

Deno.test("loadConfig() reads METRICS_TOKEN; unset or blank leaves /metrics open", () => {
  assert.equal(loadConfig({}).metricsToken, undefined);
  assert.equal(loadConfig({ METRICS_TOKEN: "" }).metricsToken, undefined);
  assert.equal(loadConfig({ METRICS_TOKEN: "scrape-me" }).metricsToken, "scrape-me");
});

Deno.test("loadConfig() leaves one core to the event loop for password hashing by default", () => {
  const cores = navigator.hardwareConcurrency || 2;
  assert.equal(loadConfig({}).hashWorkers, Math.max(1, cores - 1));
  assert.equal(loadConfig({ HASH_WORKERS: "3" }).hashWorkers, 3);
  assert.throws(() => loadConfig({ HASH_WORKERS: "0" }), /HASH_WORKERS/);
});

Deno.test("loadConfig() reads REDIS_CLUSTER_NODES as host:port seeds, exclusive of REDIS_URL", () => {
  assert.equal(loadConfig({}).redisClusterNodes, undefined);
  assert.deepEqual(
    loadConfig({ REDIS_CLUSTER_NODES: "10.0.0.1:7000, redis-b:7001," }).redisClusterNodes,
    ["10.0.0.1:7000", "redis-b:7001"],
  );
  assert.throws(
    () => loadConfig({ REDIS_CLUSTER_NODES: "10.0.0.1:7000,redis://b:7001" }),
    /REDIS_CLUSTER_NODES: must be host:port of cluster nodes, separated by commas: "redis:\/\/b:7001"/,
  );
  assert.throws(() => loadConfig({ REDIS_CLUSTER_NODES: "b:70000" }), /REDIS_CLUSTER_NODES/);
  assert.throws(
    () => loadConfig({ REDIS_URL: "redis://a:6379", REDIS_CLUSTER_NODES: "b:7000" }),
    /set either REDIS_URL or REDIS_CLUSTER_NODES, not both/,
  );
});

Deno.test("loadConfig() takes TLS_CERT_FILE and TLS_KEY_FILE together, not one alone", () => {
  assert.equal(loadConfig({}).tls, undefined);
  assert.deepEqual(loadConfig({ TLS_CERT_FILE: "c.pem", TLS_KEY_FILE: "k.pem" }).tls, {
    certFile: "c.pem",
    keyFile: "k.pem",
  });
  assert.throws(() => loadConfig({ TLS_CERT_FILE: "c.pem" }), /TLS_CERT_FILE and TLS_KEY_FILE/);
  assert.throws(() => loadConfig({ TLS_KEY_FILE: "k.pem" }), /set both or neither/);
});
