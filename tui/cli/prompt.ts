/**
 * Input from the user: username and password prompts (the password hidden) when stdin is a
 * terminal, or `--username` with `--password-stdin` for scripts; and text piped on stdin.
 *
 * @module
 */
import { input, password } from "@inquirer/prompts";
import type { LoginBody } from "../../shared/mod.ts";
import { Username } from "../../shared/mod.ts";
import { CliError } from "./errors.ts";

/** Options for {@linkcode askCredentials}. */
export interface AskCredentialsOptions {
  /** Given with `--username`; asked for otherwise. */
  username?: string | undefined;
  /** Read the password from stdin (`--password-stdin`) instead of asking. */
  passwordStdin?: boolean | undefined;
  /** For a new account: check the username's form and ask for the password twice. */
  newAccount?: boolean;
}

/**
 * Gets a username and password.
 *
 * @returns the credentials, not yet checked by the server
 * @throws {CliError} when there is no terminal to ask on and they were not given, when stdin
 *   holds no password, or when the two passwords of a new account differ
 * @throws {Error} named `ExitPromptError` when the user presses Ctrl+C in a prompt
 *
 * @example `login`: ask for what was not given
 * ```ts ignore
 * const credentials = await askCredentials({ username: "alice" }); // asks for the password
 * ```
 */
export async function askCredentials(
  { username, passwordStdin, newAccount = false }: AskCredentialsOptions,
): Promise<LoginBody> {
  if (passwordStdin) {
    if (!username) throw new CliError("--password-stdin needs --username");
    // One trailing newline is what `echo` and here-strings add; it is not part of the password.
    const secret = (await readStdin()).replace(/\r?\n$/, "");
    if (!secret) throw new CliError("no password on stdin");
    return { username, password: secret };
  }
  if (!Deno.stdin.isTerminal()) {
    throw new CliError(
      "no terminal to ask for the password on: use --username and --password-stdin",
    );
  }
  username ??= await input({
    message: "Username:",
    validate: (value) =>
      !newAccount || Username.safeParse(value).success || "3-32 characters of a-z, 0-9 and _",
  });
  const secret = await password({ message: "Password:" });
  if (newAccount && await password({ message: "Password again:" }) !== secret) {
    throw new CliError("the passwords differ");
  }
  return { username, password: secret };
}

/**
 * Everything piped to stdin, as text.
 *
 * @returns the text once stdin ends
 *
 * @example `echo hi | chat-tui send general`
 * ```ts ignore
 * const text = await readStdin(); // "hi\n"
 * ```
 */
export async function readStdin(): Promise<string> {
  return await new Response(Deno.stdin.readable).text();
}
