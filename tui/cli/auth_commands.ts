/**
 * `register`, `login`, `logout` and `whoami`.
 *
 * @module
 */
import type { Command } from "commander";
import type { LoginBody } from "../../shared/mod.ts";
import { ApiClient } from "../client/api_client.ts";
import { Session } from "../client/session.ts";
import { type CliContext, requireLogin } from "./context.ts";
import { printLines } from "./output.ts";
import { askCredentials } from "./prompt.ts";

interface CredentialOptions {
  username?: string;
  passwordStdin?: boolean;
}

/**
 * Adds the account commands to `program`.
 *
 * @param program the root `chat-tui` command
 * @param context the run's settings, read when a command runs (after parsing)
 *
 * @example As `buildProgram()` does
 * ```ts ignore
 * addAuthCommands(program, context);
 * ```
 */
export function addAuthCommands(program: Command, context: () => CliContext): void {
  const credentialOptions = (command: Command) =>
    command
      .option("-u, --username <name>", "username (asked for when not given)")
      .option("--password-stdin", "read the password from stdin, for scripts");

  credentialOptions(program.command("register"))
    .description("create an account on the server and log in")
    .action(async (options: CredentialOptions) => {
      const ctx = context();
      const credentials = await askCredentials({ ...options, newAccount: true });
      const api = new ApiClient({ baseUrl: ctx.serverUrl, httpClient: ctx.httpClient });
      await api.register(credentials);
      const user = await logIn(ctx, api, credentials);
      printLines(`registered and logged in as ${user} on ${ctx.serverUrl}`);
    });

  credentialOptions(program.command("login"))
    .description("log in and save the session for this server")
    .action(async (options: CredentialOptions) => {
      const ctx = context();
      const credentials = await askCredentials(options);
      const user = await logIn(
        ctx,
        new ApiClient({ baseUrl: ctx.serverUrl, httpClient: ctx.httpClient }),
        credentials,
      );
      printLines(`logged in as ${user} on ${ctx.serverUrl}`);
    });

  program.command("logout")
    .description("end the session on the server and forget it here")
    .action(async () => {
      const ctx = context();
      const session = await Session.load(ctx.store, ctx.serverUrl, { httpClient: ctx.httpClient });
      if (!session) return printLines(`not logged in to ${ctx.serverUrl}`);
      await session.logout();
      printLines(`logged out of ${ctx.serverUrl}`);
    });

  program.command("whoami")
    .description("show who is logged in on this server")
    .action(async () => {
      const ctx = context();
      const { api } = await requireLogin(ctx);
      printLines(`${(await api.me()).username} on ${ctx.serverUrl}`);
    });
}

/**
 * Logs in and saves the session; a previous login on the same server is revoked first, so that
 * switching users leaves no live refresh token behind.
 * @returns the username
 */
async function logIn(ctx: CliContext, api: ApiClient, credentials: LoginBody): Promise<string> {
  const pair = await api.login(credentials);
  const previous = await Session.load(ctx.store, ctx.serverUrl, { httpClient: ctx.httpClient })
    .catch(() => undefined);
  await previous?.logout().catch(() => {});
  await Session.start(ctx.store, ctx.serverUrl, pair, { httpClient: ctx.httpClient });
  return pair.user.username;
}
