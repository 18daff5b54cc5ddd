/**
 * `sessions`, `passwd` and `delete-account`: my logins, revoking one, changing my password and
 * deleting my account (issue 13).
 *
 * @module
 */
import { confirm, password } from "@inquirer/prompts";
import type { Command } from "commander";
import type { SessionInfo } from "../../shared/mod.ts";
import { type CliContext, requireLogin } from "./context.ts";
import { CliError } from "./errors.ts";
import { printJson, printLines } from "./output.ts";
import { readStdin } from "./prompt.ts";
import { sanitize } from "../state/text_width.ts";

/**
 * Adds the session commands to `program`.
 *
 * @param program the root `chat-tui` command
 * @param context the run's settings, read when a command runs (after parsing)
 *
 * @example As `buildProgram()` does
 * ```ts ignore
 * addSessionCommands(program, context);
 * ```
 */
export function addSessionCommands(program: Command, context: () => CliContext): void {
  program.command("sessions")
    .description("list my logins (sessions); --revoke <id> ends one, closing its connections")
    .option("--revoke <id>", "end the session with this id")
    .option("--json", "print JSON (the server's sessions)")
    .action(async (options: { revoke?: string; json?: boolean }) => {
      const { api } = await requireLogin(context());
      if (options.revoke) {
        await api.revokeSession(options.revoke);
        return printLines(`revoked session ${options.revoke}`);
      }
      const sessions = await api.sessions();
      if (options.json) return printJson(sessions);
      printLines(...formatSessions(sessions));
    });

  program.command("passwd")
    .description("change my password; every other login is ended")
    .option("--password-stdin", "read the current and the new password from stdin, one a line")
    .action(async (options: { passwordStdin?: boolean }) => {
      const { api } = await requireLogin(context());
      const [current, next] = options.passwordStdin ? await fromStdin() : await ask();
      await api.changePassword({ current_password: current, new_password: next });
      printLines("password changed; every other login is ended");
    });

  program.command("delete-account")
    .description(
      "delete my account: my messages become tombstones, my rooms pass on or go, every login ends",
    )
    .option("--password-stdin", "read the password from stdin (needs --yes)")
    .option("--yes", "do not ask for confirmation")
    .action(async (options: { passwordStdin?: boolean; yes?: boolean }) => {
      const ctx = context();
      const { api } = await requireLogin(ctx);
      const username = (await api.me()).username;
      const secret = options.passwordStdin
        ? await passwordFromStdin(options.yes)
        : await askToDelete(username, options.yes);
      if (secret === null) return printLines("not deleted");
      await api.deleteAccount({ password: secret });
      await ctx.store.remove(ctx.serverUrl);
      printLines(`account ${username} deleted from ${ctx.serverUrl}`);
    });
}

async function passwordFromStdin(yes: boolean | undefined): Promise<string> {
  if (!yes) throw new CliError("--password-stdin needs --yes: there is no terminal to confirm on");
  const [secret = ""] = (await readStdin()).split(/\r?\n/);
  if (!secret) throw new CliError("--password-stdin needs the password on the first line");
  return secret;
}

/** The password, or null when the user does not confirm. */
async function askToDelete(username: string, yes: boolean | undefined): Promise<string | null> {
  if (!Deno.stdin.isTerminal()) {
    throw new CliError("no terminal to ask for the password on: use --password-stdin --yes");
  }
  const secret = await password({ message: "Password:" });
  if (yes) return secret;
  const sure = await confirm({
    message: `Delete the account ${sanitize(username)} for good? Its messages become tombstones`,
    default: false,
  });
  return sure ? secret : null;
}

/**
 * My sessions as aligned columns, newest first, the current one marked with `*`.
 *
 * @param sessions the server's list
 * @returns the lines, without trailing newlines; not yet made printable (see `output.ts`)
 */
export function formatSessions(sessions: SessionInfo[]): string[] {
  const rows = sessions.map((s) => [
    `${s.current ? "*" : " "} ${s.id}`,
    s.created_at.slice(0, 16).replace("T", " "),
    s.last_used_at.slice(0, 16).replace("T", " "),
    s.ip,
    s.user_agent,
  ]);
  const table = [["  ID", "CREATED (UTC)", "LAST USED (UTC)", "IP", "CLIENT"], ...rows];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table.map((row) =>
    row.map((cell, i) => i === row.length - 1 ? cell : cell.padEnd(widths[i]!)).join("  ")
      .trimEnd()
  );
}

async function fromStdin(): Promise<[string, string]> {
  const [current = "", next = ""] = (await readStdin()).split(/\r?\n/);
  if (!current || !next) {
    throw new CliError("--password-stdin needs the current and the new password, one a line");
  }
  return [current, next];
}

async function ask(): Promise<[string, string]> {
  if (!Deno.stdin.isTerminal()) {
    throw new CliError("no terminal to ask for the passwords on: use --password-stdin");
  }
  const current = await password({ message: "Current password:" });
  const next = await password({ message: "New password:" });
  if (await password({ message: "New password again:" }) !== next) {
    throw new CliError("the new passwords differ");
  }
  return [current, next];
}
