import assert from "node:assert/strict";
import { normaliseServerUrl, webSocketUrl } from "./server_url.ts";

Deno.test("normaliseServerUrl() gives equivalent spellings one form", () => {
  for (
    const url of [
      "http://localhost:8080",
      "http://localhost:8080/",
      "HTTP://LocalHost:8080//",
      "http://localhost:8080/?x=1#top",
    ]
  ) {
    assert.equal(normaliseServerUrl(url), "http://localhost:8080");
  }
  assert.equal(normaliseServerUrl("https://chat.example.com:443/"), "https://chat.example.com");
  assert.equal(normaliseServerUrl("https://example.com/chat/"), "https://example.com/chat");
});

Deno.test("normaliseServerUrl() rejects what is not an http(s) URL", () => {
  assert.throws(() => normaliseServerUrl("localhost:8080"), /must start with http/);
  assert.throws(() => normaliseServerUrl("not a url"), /Invalid server URL "not a url"/);
  assert.throws(() => normaliseServerUrl("ftp://example.com"), /must start with http/);
});

Deno.test("webSocketUrl() maps http to ws and https to wss", () => {
  assert.equal(webSocketUrl("http://127.0.0.1:8080/"), "ws://127.0.0.1:8080/api/v1/ws");
  assert.equal(webSocketUrl("https://example.com/chat"), "wss://example.com/chat/api/v1/ws");
});
