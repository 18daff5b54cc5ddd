import assert from "node:assert/strict";
import { CaFileError, caHttpClient, certificateProblem } from "./trust_ca.ts";

Deno.test("caHttpClient() refuses a missing file, one without a certificate and a bad one", async () => {
  await assert.rejects(caHttpClient("/nonexistent/ca.pem"), CaFileError);
  const path = await Deno.makeTempFile();
  try {
    await Deno.writeTextFile(path, "not a certificate\n");
    await assert.rejects(caHttpClient(path), /holds no PEM certificate/);
    await Deno.writeTextFile(
      path,
      "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );
    await assert.rejects(caHttpClient(path), (err: Error) => {
      assert.ok(err instanceof CaFileError);
      assert.match(err.message, /cannot be used/);
      return true;
    });
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
