// Runs a command in-process the way bin/headroom.ts does (commander errors → exit 2, UserError →
// its exit code and message), capturing what it writes. For command tests that need no child process.
import { Command, CommanderError } from 'commander';
import { UserError } from '../agents/exit-codes.js';

export interface Captured {
  stdout: string;
  stderr: string;
}

export interface Ran extends Captured {
  code: number;
}

/** `register` adds the command under test to the program, writing its own output into `out`. */
export async function runInProcess(argv: string[], register: (program: Command, out: Captured) => void): Promise<Ran> {
  const out: Captured = { stdout: '', stderr: '' };
  const program = new Command('headroom').exitOverride().configureOutput({ writeOut: (t) => (out.stdout += t), writeErr: (t) => (out.stderr += t) });
  register(program, out);
  const before = process.exitCode;
  try {
    await program.parseAsync(['node', 'headroom', ...argv]);
    return { code: Number(process.exitCode ?? 0), ...out };
  } catch (err) {
    if (err instanceof CommanderError) return { code: err.exitCode === 0 ? 0 : 2, ...out };
    if (err instanceof UserError) return { code: err.exitCode, stdout: out.stdout, stderr: `${out.stderr}headroom: ${err.message}\n` };
    throw err;
  } finally {
    process.exitCode = before;
  }
}
