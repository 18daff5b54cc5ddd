/**
 * A throwaway certificate authority for TLS tests, made with the `openssl` command: a CA and
 * server certificates it signs for `localhost` and `127.0.0.1`, as PEM files in a temporary
 * folder.
 *
 * @module
 */

/** A CA in a temporary folder. */
export interface TestCa {
  /** The folder holding every file; `close` removes it. */
  dir: string;
  /** The CA's certificate, what clients must trust. */
  caFile: string;
  /**
   * Signs a new server certificate for localhost and 127.0.0.1, with `name` as its common name.
   *
   * @returns the paths of the certificate and its private key
   */
  issue(name: string): Promise<{ certFile: string; keyFile: string }>;
  close(): Promise<void>;
}

/**
 * Makes a CA (EC P-256, valid 2 days).
 *
 * @throws when openssl is missing (Debian's `openssl` package, which `.ci/run` installs) or fails
 */
export async function createTestCa(): Promise<TestCa> {
  const dir = await Deno.makeTempDir({ prefix: "chat-ca-" });
  const caFile = `${dir}/ca.pem`;
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  await openssl(
    dir,
    "req",
    "-x509",
    ...key,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "2",
    "-subj",
    "/CN=chat test CA",
  );
  await Deno.writeTextFile(
    `${dir}/server.ext`,
    [
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "basicConstraints=CA:FALSE",
      "keyUsage=digitalSignature",
      "extendedKeyUsage=serverAuth",
    ].join("\n"),
  );
  let serial = 0;
  return {
    dir,
    caFile,
    async issue(name) {
      const base = `server-${++serial}`;
      await openssl(
        dir,
        "req",
        ...key,
        "-keyout",
        `${base}.key`,
        "-out",
        `${base}.csr`,
        "-subj",
        `/CN=${name}`,
      );
      await openssl(
        dir,
        "x509",
        "-req",
        "-in",
        `${base}.csr`,
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-set_serial",
        String(serial),
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        `${base}.pem`,
      );
      return { certFile: `${dir}/${base}.pem`, keyFile: `${dir}/${base}.key` };
    },
    close: () => Deno.remove(dir, { recursive: true }),
  };
}

/**
 * The subject of the certificate a TLS server presents, as `openssl s_client` reads it (Deno
 * does not expose the peer's certificate).
 */
export async function presentedSubject(host: string, port: number): Promise<string> {
  const client = new Deno.Command("openssl", {
    args: ["s_client", "-connect", `${host}:${port}`, "-servername", "localhost"],
    stdin: "null",
    stdout: "piped",
    stderr: "null",
  });
  const { stdout } = await client.output();
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(
    new TextDecoder().decode(stdout),
  )?.[0];
  if (!pem) throw new Error(`No certificate from ${host}:${port}`);
  const x509 = new Deno.Command("openssl", {
    args: ["x509", "-noout", "-subject"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = x509.stdin.getWriter();
  await writer.write(new TextEncoder().encode(pem));
  await writer.close();
  return new TextDecoder().decode((await x509.output()).stdout).trim();
}

async function openssl(cwd: string, ...args: string[]): Promise<void> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command("openssl", { args, cwd, stdin: "null" }).output();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw new Error("openssl is not installed");
    throw err;
  }
  if (!out.success) {
    throw new Error(`openssl ${args[0]} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
}
