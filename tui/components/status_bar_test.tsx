import assert from "node:assert/strict";
import { render } from "ink-testing-library";
import type { ConnectionStatus } from "../client/chat_socket.ts";
import { StatusBar, type StatusBarProps } from "./status_bar.tsx";

const base: StatusBarProps = {
  status: { state: "connected" },
  username: "alice",
  typing: [],
  scrolled: false,
  loadingOlder: false,
  now: 1_000_000,
  width: 80,
};

function line(props: Partial<StatusBarProps>): string {
  const { lastFrame, unmount } = render(<StatusBar {...base} {...props} />);
  const out = lastFrame()!;
  unmount();
  return out;
}

Deno.test("StatusBar shows the connection state and my username", () => {
  assert.match(line({}), /^\[connected\] alice/);
  const offline: ConnectionStatus = { state: "offline", reason: "session expired" };
  assert.match(line({ status: offline }), /^\[offline: session expired\] alice/);
});

Deno.test("StatusBar counts down to the next reconnect attempt", () => {
  const status: ConnectionStatus = {
    state: "reconnecting",
    attempt: 2,
    retryInMs: 4_000,
    retryAt: 1_004_000,
  };
  assert.match(line({ status }), /^\[reconnecting in 4s\]/);
  assert.match(line({ status, now: 1_001_500 }), /^\[reconnecting in 3s\]/);
  assert.match(line({ status, now: 1_004_000 }), /^\[reconnecting…\]/);
});

Deno.test("StatusBar says who is typing", () => {
  assert.match(line({ typing: ["bob"] }), /alice · bob is typing…/);
  assert.match(line({ typing: ["bob", "carol"] }), /bob and carol are typing…/);
  assert.match(line({ typing: ["bob", "carol", "dave"] }), /3 people are typing…/);
});

Deno.test("StatusBar says when newer messages are below the view", () => {
  assert.match(line({ scrolled: true }), /-MORE- Esc\s*$/);
  assert.ok(line({ scrolled: true, typing: ["bob"] }).length <= 80);
});
