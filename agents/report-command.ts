// `headroom report`: re-render report.html from a result.json (e.g. after upgrading headroom).
import { readFile } from 'node:fs/promises';
import type { RunResult } from '../scenarios/result.js';
import { RESULT_SCHEMA_VERSION } from '../scenarios/result.js';
import { UserError } from './exit-codes.js';
import { writeReport } from './write-report.js';

export async function readResult(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UserError(`${file} is not JSON: ${(err as Error).message}`);
  }
  const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== RESULT_SCHEMA_VERSION) {
    throw new UserError(`${file}: schemaVersion ${JSON.stringify(version)} is not a headroom result (expected ${RESULT_SCHEMA_VERSION})`);
  }
  return data as RunResult;
}

export async function reportCommand(resultFile: string, outFile: string): Promise<void> {
  const result = await readResult(resultFile);
  await writeReport(result, outFile);
}
