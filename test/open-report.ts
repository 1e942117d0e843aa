// Opens a written report.html in headless Chromium (Debian's, never a downloaded one) and says
// what a person would see: charts drawn, errors logged, requests attempted.
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

declare const document: any;

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ReportView {
  charts: Array<{ id: string; state: string | null; width: number; marks: number }>;
  errors: string[];
  foreignRequests: string[];
  dataset: Record<string, string>;
}

export async function openReport(file: string, chromiumPath: string, screenshot?: string): Promise<ReportView> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const url = pathToFileURL(file).href;
    const view: ReportView = { charts: [], errors: [], foreignRequests: [], dataset: {} };
    await page.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      view.foreignRequests.push(route.request().url());
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') view.errors.push(m.text());
    });
    page.on('pageerror', (e) => view.errors.push(e.message));
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.chartsDone === 'true', undefined, { timeout: 60_000 });
    view.charts = await page.evaluate(() =>
      Array.from(document.querySelectorAll('[data-chart-id]')).map((el: any) => ({
        id: el.getAttribute('data-chart-id'),
        state: el.getAttribute('data-chart-state'),
        width: el.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        marks: el.querySelectorAll('.role-mark path, .role-mark line, .role-mark rect, .role-mark text').length,
      })),
    );
    view.dataset = await page.evaluate(() => ({ ...document.body.dataset }));
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return view;
  } finally {
    await browser.close();
  }
}
