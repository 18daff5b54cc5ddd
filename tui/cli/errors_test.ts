import assert from "node:assert/strict";
import { z } from "zod";
import { ChatError } from "../../shared/mod.ts";
import { ServerUnreachableError } from "../client/api_client.ts";
import { SessionExpiredError } from "../client/session.ts";
import { CliError, describeFailure } from "./errors.ts";

const url = "http://localhost:8080";
const lineOf = (err: unknown) => describeFailure(err, url).line;

Deno.test("describeFailure() names the unreachable server", () => {
  assert.deepEqual(
    describeFailure(new ServerUnreachableError(url, new TypeError("refused")), url),
    {
      line: "cannot reach the chat server at http://localhost:8080",
      exitCode: 1,
    },
  );
});

Deno.test("describeFailure() maps protocol error codes through its table", () => {
  assert.equal(
    lineOf(new ChatError("invalid_credentials", "Wrong username or password")),
    "wrong username or password",
  );
  assert.equal(lineOf(new SessionExpiredError()), "session expired: run chat-tui login");
  assert.equal(
    lineOf(new ChatError("invalid_request", "name: must be 1-64 characters")),
    "invalid input: name: must be 1-64 characters",
  );
});

Deno.test("describeFailure() passes other server messages on, in lower case", () => {
  assert.equal(
    lineOf(new ChatError("room_name_taken", 'Room name "general" is taken')),
    'room name "general" is taken',
  );
  assert.equal(
    lineOf(new ChatError("user_not_found", 'User "zed" does not exist')),
    'user "zed" does not exist',
  );
});

Deno.test("describeFailure() keeps CLI errors and their exit codes", () => {
  assert.deepEqual(describeFailure(new CliError('unknown room "x"', 2), url), {
    line: 'unknown room "x"',
    exitCode: 2,
  });
});

Deno.test("describeFailure() reports a cancelled prompt with exit code 130", () => {
  const cancelled = Object.assign(new Error("User force closed the prompt"), {
    name: "ExitPromptError",
  });
  assert.deepEqual(describeFailure(cancelled, url), { line: "cancelled", exitCode: 130 });
});

Deno.test("describeFailure() keeps unexpected errors to one line", () => {
  const bad = z.object({ a: z.string() }).safeParse({});
  assert.match(lineOf(bad.error), /^unexpected answer from http:\/\/localhost:8080: /);
  const line = lineOf(new RangeError("boom\nsecond line"));
  assert.equal(line, "internal error: boom second line (set CHAT_TUI_DEBUG=1 for details)");
});
