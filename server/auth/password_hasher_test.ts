import assert from "node:assert/strict";
import { createPasswordHasher } from "./password_hasher.ts";

Deno.test("PasswordHasher hashes with bcrypt and verifies only the right password", async () => {
  const hasher = createPasswordHasher({ cost: 4, workers: 2 });
  try {
    const hash = await hasher.hash("correct horse");
    assert.match(hash, /^\$2[ab]\$04\$/);
    assert.equal(await hasher.verify("correct horse", hash), true);
    assert.equal(await hasher.verify("wrong horse", hash), false);
  } finally {
    hasher.close();
  }
});

Deno.test("PasswordHasher keeps the event loop free while hashing", async () => {
  const hasher = createPasswordHasher({ cost: 12, workers: 1 });
  try {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    await hasher.hash("a password of some length");
    clearInterval(timer);
    // bcrypt at cost 12 takes hundreds of ms; a blocked loop would not tick at all meanwhile.
    assert.ok(ticks >= 5, `event loop ticked ${ticks} times while hashing`);
  } finally {
    hasher.close();
  }
});
