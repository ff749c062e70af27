import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from '../formats/input-error.ts';
import { COMMANDS, type Command } from './commands.ts';

/** Where the CLI writes: injectable so tests capture output without spawning a process. */
export interface CliIO { out: (s: string) => void; err: (s: string) => void }

const defaultIO: CliIO = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** The package version, read from package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
  return pkg.version;
}

function usage(): string {
  const lines = [
    'mmdr — Myeloma DR Workbench, headless',
    '',
    'Usage: mmdr <command> [options]      (also: npx mmdr …, npm run mmdr -- …)',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c: Command) => `  ${c.name.padEnd(11)} ${c.summary}`),
    '',
    'Options:',
    '  --help       this text (or `mmdr <command> --help`)',
    '  --version    the workbench version',
    '',
    'Every command prints JSON (or CSV where stated) on stdout. On bad input it exits with',
    'status 1 and prints one line on stderr naming the file, line and column.',
  ];
  return lines.join('\n') + '\n';
}

/**
 * Runs the CLI with the given arguments and returns the exit status (0 ok, 1 bad input,
 * 2 bad usage). Mirrors SPEC §6.
 */
export async function main(argv: string[], io: CliIO = defaultIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { io.out(usage()); return 0; }
  if (name === '--version' || name === '-v') { io.out(version() + '\n'); return 0; }
  const cmd = COMMANDS[name];
  if (!cmd) { io.err(`mmdr: unknown command "${name}" (try mmdr --help)\n`); return 2; }
  if (rest.includes('--help')) { io.out(cmd.help + '\n'); return 0; }
  try {
    const opts = parseArgs(rest, cmd);
    await cmd.run(opts, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) { io.err(`mmdr ${name}: ${e.message}\n`); return 2; }
    if (e instanceof InputError) { io.err(e.message.replace(/\s*\n\s*/g, ' ') + '\n'); return 1; }
    const m = (e as Error)?.message ?? String(e);
    io.err(`mmdr ${name}: ${m.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

/** A mistake in how the command was called (exit status 2). */
export class UsageError extends Error {}

/** Parsed options: flag name → values (repeatable flags and multi-value flags collect). */
export type Opts = Record<string, string[] | true>;

/**
 * Parses `--flag value`, `--flag=value`, boolean `--flag`, and multi-value flags such as
 * `--gpr a.gpr b.gpr` (a value list ends at the next --flag).
 */
export function parseArgs(args: string[], cmd: Command): Opts {
  const out: Opts = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument "${a}"`);
    const [flag, inline] = a.slice(2).split(/=(.*)/s, 2);
    const spec = cmd.flags[flag];
    if (!spec) throw new UsageError(`unknown option --${flag}`);
    if (spec === 'boolean') { out[flag] = true; continue; }
    const values: string[] = inline !== undefined ? [inline] : [];
    if (inline === undefined) {
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) {
        values.push(args[++i]);
        if (spec === 'value') break;
      }
    }
    if (values.length === 0) throw new UsageError(`--${flag} needs a value`);
    out[flag] = [...((out[flag] as string[]) ?? []), ...values];
  }
  for (const [flag, spec] of Object.entries(cmd.required ?? {})) if (spec && !(flag in out)) throw new UsageError(`--${flag} is required`);
  return out;
}
