// The exit codes users' scripts depend on. One table, documented in the README.
export const EXIT = {
  ok: 0,
  /** An SLO (or other threshold) failed. */
  thresholdsFailed: 1,
  /** The scenario, a flag or an input file is invalid; nothing was run or written. */
  badInput: 2,
  /** The run could not be carried out (target unreachable at start, engine failure, I/O error). */
  runtimeFailure: 3,
  /** Interrupted by Ctrl-C / SIGTERM; results of the finished steps were written. */
  interrupted: 130,
} as const;

/** A failure the user can fix from its message; carries its exit code. Anything else is a bug. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.badInput) {
    super(message);
    this.name = 'UserError';
  }
}
