import assert from "node:assert/strict";
import { caFileArgument, CaFileError, certificateProblem, trustCaFile } from "./trust_ca.ts";

Deno.test("caFileArgument() reads --ca-file PATH and --ca-file=PATH, not after --", () => {
  assert.equal(caFileArgument(["--server", "https://x", "--ca-file", "ca.pem", "rooms"]), "ca.pem");
  assert.equal(caFileArgument(["--ca-file=my ca.pem", "rooms"]), "my ca.pem");
  assert.equal(caFileArgument(["send", "general", "--", "--ca-file", "x"]), undefined);
  assert.equal(caFileArgument(["rooms"]), undefined);
  // deno task tui -- …
  assert.equal(caFileArgument(["--", "--ca-file", "ca.pem", "rooms"]), "ca.pem");
});

Deno.test("trustCaFile() refuses a missing file and one without a certificate", async () => {
  await assert.rejects(trustCaFile("/nonexistent/ca.pem"), CaFileError);
  const path = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(path, "not a certificate\n");
    await assert.rejects(trustCaFile(path), /holds no PEM certificate/);
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("certificateProblem() finds rustls's reason in a fetch error's causes", () => {
  const cause = new Error(
    "error sending request for url (https://x/): client error (Connect): invalid peer certificate: UnknownIssuer",
  );
  const err = new Error("Cannot reach", { cause: new TypeError("fetch failed", { cause }) });
  assert.equal(certificateProblem(err), "UnknownIssuer");
  assert.equal(certificateProblem(new Error("Connection refused (os error 111)")), undefined);
});
