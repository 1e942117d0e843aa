// The report opened in headless Chromium: every chart drawn, nothing fetched, nothing logged, hostile
// names shown as text. Writes /tmp/headroom-report.png for a human to look at.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportLibs } from '../agents/write-report.js';
import { requireBinary } from '../test/require-tool.js';
import { buildReport, type ReportModel } from './build-report.js';
import { hostileRun, sampleRun } from './fixtures.js';
import { renderHtml, type ReportLibs } from './render-html.js';

// The page's globals, for the callbacks that run inside Chromium (tsconfig has no DOM lib).
declare const document: any;
declare const window: any;

const SCREENSHOT = '/tmp/headroom-report.png';
const chromiumPath = requireBinary('chromium');

interface ChartState {
  id: string;
  state: string | null;
  width: number;
  height: number;
  marks: number;
}

interface PageVisit {
  page: Page;
  url: string;
  consoleErrors: string[];
  pageErrors: string[];
  foreignRequests: string[];
  dialogs: string[];
}

describe.skipIf(!chromiumPath)('the HTML report in Chromium', () => {
  let browser: Browser;
  let dir: string;
  let libs: ReportLibs;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-report-'));
    libs = await loadReportLibs();
    browser = await chromium.launch({
      executablePath: chromiumPath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens the report with every non-file request blocked and recorded, and waits for the charts to settle. */
  async function open(name: string, model: ReportModel): Promise<PageVisit> {
    const file = join(dir, `${name}.html`);
    await writeFile(file, renderHtml(model, libs));
    const url = pathToFileURL(file).href;
    const context = await browser.newContext({ viewport: { width: 960, height: 900 } });
    const visit: PageVisit = { page: await context.newPage(), url, consoleErrors: [], pageErrors: [], foreignRequests: [], dialogs: [] };
    await context.route('**/*', (route) => {
      const u = route.request().url();
      if (u === url) return route.continue();
      visit.foreignRequests.push(u);
      return route.abort();
    });
    visit.page.on('request', (r) => {
      if (r.url() !== url) visit.foreignRequests.push(r.url());
    });
    visit.page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') visit.consoleErrors.push(`${m.type()}: ${m.text()}`);
    });
    visit.page.on('pageerror', (e) => visit.pageErrors.push(e.message));
    visit.page.on('dialog', (d) => {
      visit.dialogs.push(d.message());
      void d.dismiss();
    });
    await visit.page.goto(url);
    await visit.page.waitForFunction(() => document.body.dataset.chartsDone === 'true', undefined, { timeout: 45_000 });
    return visit;
  }

  function chartStates(page: Page): Promise<ChartState[]> {
    return page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-chart-id]')).map((el: any) => {
        const svg = el.querySelector('svg');
        const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
        return {
          id: el.getAttribute('data-chart-id'),
          state: el.getAttribute('data-chart-state'),
          width: box.width,
          height: box.height,
          marks: el.querySelectorAll('.role-mark path, .role-mark line, .role-mark rect, .role-mark text').length,
        };
      }),
    );
  }

  it('draws every chart of the model, offline, without console errors', async () => {
    const model = buildReport(sampleRun());
    const expected = [...model.benches.flatMap((b) => b.charts), ...(model.resources?.charts ?? [])].map((c) => c.id);
    const visit = await open('sample', model);
    try {
      const charts = await chartStates(visit.page);
      expect(charts.map((c) => c.id)).toEqual(expected);
      for (const c of charts) {
        expect(c.state, c.id).toBe('rendered');
        expect(c.width, c.id).toBeGreaterThan(200);
        expect(c.height, c.id).toBeGreaterThan(100);
        expect(c.marks, c.id).toBeGreaterThan(5);
      }
      const body = await visit.page.evaluate(() => ({ ...document.body.dataset }));
      expect(body).toMatchObject({ chartsRendered: String(expected.length), chartsFailed: '0', chartsExpected: String(expected.length) });
      expect(visit.pageErrors).toEqual([]);
      expect(visit.consoleErrors).toEqual([]);
      expect(visit.foreignRequests).toEqual([]);
      await visit.page.screenshot({ path: SCREENSHOT, fullPage: true });
    } finally {
      await visit.page.context().close();
    }
  });

  it('shows hostile names as text and runs none of them', async () => {
    const run = hostileRun();
    const visit = await open('hostile', buildReport(run));
    try {
      const seen = await visit.page.evaluate(() => ({
        h1: document.querySelector('h1').firstChild.textContent.trim(),
        h2: Array.from(document.querySelectorAll('section.bench h2')).map((h: any) => h.textContent),
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img').length,
        title: document.title,
        injected: window.alert === undefined,
      }));
      expect(seen.h1).toBe(run.scenario.name);
      expect(seen.h2).toEqual(run.benches.map((b) => b.name));
      expect(seen.title).toContain(run.scenario.name);
      expect(seen.scripts).toBe(5); // chart JSON, three libraries, boot
      expect(seen.images).toBe(0);
      expect(visit.dialogs).toEqual([]);
      expect(visit.pageErrors).toEqual([]);
      // The bench names are inside the resources spec's labels too: the charts must still parse and draw.
      expect(await visit.page.evaluate(() => document.body.dataset.chartsFailed)).toBe('0');
    } finally {
      await visit.page.context().close();
    }
  });

  it('shows a chart that fails to embed as a visible error and still finishes', async () => {
    const model = buildReport(sampleRun());
    const first = model.benches[0]!;
    const broken: ReportModel = {
      ...model,
      benches: [{ ...first, charts: [{ ...first.charts[0]!, spec: { mark: 'no-such-mark', data: { values: [] } } as never }] }],
      resources: null,
    };
    const visit = await open('broken', broken);
    try {
      const seen = await visit.page.evaluate(() => ({
        failed: document.body.dataset.chartsFailed,
        rendered: document.body.dataset.chartsRendered,
        message: document.querySelector('[data-chart-id] .chart-error')?.textContent ?? '',
      }));
      expect(seen).toMatchObject({ failed: '1', rendered: '0' });
      expect(seen.message).toMatch(/^This chart could not be drawn: \S/);
    } finally {
      await visit.page.context().close();
    }
  });
});
