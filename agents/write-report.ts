// The report's I/O edge: read the chart libraries' browser builds from node_modules and write the
// HTML file atomically, so a reader (or a CI artifact upload) never sees half a report.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunResult } from '../scenarios/result.js';
import { buildReport } from '../reports/build-report.js';
import { renderHtml, type ReportLibs } from '../reports/render-html.js';
import { writeFileAtomic } from './write-file-atomic.js';

const requireFromHere = createRequire(import.meta.url);

/** The UMD builds, which run as classic scripts and define the globals vegaEmbed expects (vega, vegaLite). */
const BROWSER_BUILDS: Record<keyof ReportLibs, { pkg: string; file: string }> = {
  vega: { pkg: 'vega', file: 'build/vega.min.js' },
  vegaLite: { pkg: 'vega-lite', file: 'build/vega-lite.min.js' },
  vegaEmbed: { pkg: 'vega-embed', file: 'build/vega-embed.min.js' },
};

/**
 * The package's root folder. Resolving the package's main entry and walking up to its package.json
 * works from TS sources and from dist/ alike, and does not depend on the build files being listed
 * in the package's "exports" (they are not).
 */
async function packageRoot(pkg: string): Promise<string> {
  let dir = dirname(requireFromHere.resolve(pkg));
  for (;;) {
    try {
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === pkg) return dir;
    } catch {
      /* no package.json here: keep walking up */
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the root folder of the "${pkg}" package`);
    dir = parent;
  }
}

export async function loadReportLibs(): Promise<ReportLibs> {
  const entries = await Promise.all(
    (Object.entries(BROWSER_BUILDS) as Array<[keyof ReportLibs, { pkg: string; file: string }]>).map(async ([key, { pkg, file }]) => {
      const path = join(await packageRoot(pkg), file);
      try {
        return [key, await readFile(path, 'utf8')] as const;
      } catch (err) {
        throw new Error(`cannot read ${pkg}'s browser build at ${path}: ${(err as Error).message}; reinstall with \`npm ci\``);
      }
    }),
  );
  return Object.fromEntries(entries) as unknown as ReportLibs;
}

/**
 * Builds and writes the HTML report atomically (a temporary file renamed over `file`). `libs` lets a
 * caller that writes several reports read the library builds once.
 */
export async function writeReport(result: RunResult, file: string, libs?: ReportLibs): Promise<void> {
  const html = renderHtml(buildReport(result), libs ?? (await loadReportLibs()));
  await writeFileAtomic(file, html);
}
