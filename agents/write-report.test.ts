import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRun } from '../reports/fixtures.js';
import type { ReportLibs } from '../reports/render-html.js';
import { loadReportLibs, writeReport } from './write-report.js';

describe('loadReportLibs', () => {
  it('reads the UMD browser builds that define the globals vega-embed expects', async () => {
    const libs = await loadReportLibs();
    // Each build registers a global when loaded as a classic script (no module system).
    expect(libs.vega).toMatch(/\.vega=\{\}/);
    expect(libs.vegaLite).toMatch(/\.vegaLite=\{\}/);
    expect(libs.vegaEmbed).toMatch(/\.vegaEmbed=/);
    for (const code of Object.values(libs)) expect(code.length).toBeGreaterThan(50_000);
  });
});

describe('writeReport', () => {
  let dir: string;
  const libs: ReportLibs = { vega: 'var vega = {};', vegaLite: 'var vegaLite = {};', vegaEmbed: 'var vegaEmbed = function () {};' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-write-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the HTML report, creating the folder, and leaves no temporary file', async () => {
    const file = join(dir, 'out', 'report.html');
    await writeReport(sampleRun(), file, libs);
    const html = await readFile(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('checkout-api capacity');
    expect(await readdir(join(dir, 'out'))).toEqual(['report.html']);
  });

  it('replaces an existing report whole', async () => {
    const file = join(dir, 'replace.html');
    await writeFile(file, 'old content '.repeat(200_000));
    await writeReport(sampleRun(), file, libs);
    const html = await readFile(file, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('old content');
  });

  it('fails without leaving a temporary file when the target cannot be replaced', async () => {
    const target = join(dir, 'is-a-directory');
    await mkdir(join(target, 'child'), { recursive: true });
    await expect(writeReport(sampleRun(), target, libs)).rejects.toThrow();
    expect((await readdir(dir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
