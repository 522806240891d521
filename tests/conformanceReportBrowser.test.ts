// The conformance page as a vendor sees it: opened from disk in a real browser (Debian's chromium,
// driven by Playwright), with the network off. Its counts and a failure's evidence must say what
// conformance.json says, its test links must open the Playwright HTML report on that test, and a
// hostile target's bodies must stay text. Screenshots are left under reports/ for people to look at.
import './support/setup.ts';
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { renderConformanceHtml, testLink } from '../lib/conformanceHtml.ts';
import type { ConformanceReport } from '../lib/conformanceReport.ts';
import { PROJECT_ROOT, runSuite } from '../lib/runSuite.ts';
import { HOSTILE, hostileReport } from './support/hostileReport.ts';

const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying to reach Google's hosts.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = join(PROJECT_ROOT, 'reports');
const root = mkdtempSync(join(tmpdir(), 'conformance-report-'));

let browser: Browser | undefined;
after(async () => browser?.close());

/** A page with the network off that records every attempt to reach it, every dialog and every script error. */
async function offlinePage(): Promise<{ page: Page; network: string[]; dialogs: string[]; errors: string[] }> {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing: npm test installs Debian's chromium package first (bin/ensure-chromium.sh); no browser is ever downloaded`,
  );
  browser ??= await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const network: string[] = [];
  await context.route(/^(https?|wss?|ftp):/, (route) => {
    network.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, network, dialogs, errors };
}

async function choose(page: Page, filters: Record<string, string>, shown: string): Promise<number> {
  for (const [name, value] of Object.entries(filters)) await page.selectOption(`#filters select[name="${name}"]`, value);
  await page.waitForFunction((text) => document.getElementById('shown')?.textContent === text, shown);
  return page.locator('tbody.req:not([hidden])').count();
}

const passedOf = (report: ConformanceReport, api: string, level: string) => {
  const atLevel = report.requirements.filter((r) => r.api === api && r.level === level);
  return `${atLevel.filter((r) => r.status === 'passed').length}/${atLevel.length}`;
};

test('a failing run: the page shows the counts and the evidence of conformance.json, offline, and links to the Playwright report', async () => {
  const reportDir = join(root, 'faulty');
  const run = await runSuite({ reportDir, env: { REFERENCE_FAULTS: 'sync-no-cid' }, apis: ['jaicp-chat'] });
  assert.equal(run.exitCode, 1, run.output.slice(-3000));
  const report = run.report!;
  const { page, network, dialogs, errors } = await offlinePage();
  await page.goto(pathToFileURL(join(reportDir, 'conformance.html')).href);

  const t = report.totals;
  assert.match(
    (await page.locator('#totals').textContent()) ?? '',
    new RegExp(
      `^${t.passed} passed, ${t.failed} failed \\(${t.mustFailed} MUST, ${t.shouldFailed} SHOULD\\), ${t.skipped} skipped, ${t.unobservable} unobservable, ${t.untested} untested of ${t.total}`,
    ),
  );
  assert.equal(await page.locator('#gate h2').textContent(), 'Gate (MUST): failed');
  assert.deepEqual(await page.locator('#gate [data-gate="newFailures"] li').allTextContents(), t.gate.newFailures);
  for (const [api, counts] of Object.entries(report.apis)) {
    const row = page.locator(`#summary tr[data-api="${api}"]`);
    assert.equal(await row.locator('[data-cell="must"]').textContent(), passedOf(report, api, 'MUST'), `${api} MUST`);
    assert.equal(await row.locator('[data-cell="should"]').textContent(), passedOf(report, api, 'SHOULD'), `${api} SHOULD`);
    for (const status of ['failed', 'skipped', 'unobservable', 'untested'] as const) {
      assert.equal(await row.locator(`[data-cell="${status}"]`).textContent(), String(counts[status]), `${api} ${status}`);
    }
  }

  const all = report.requirements.length;
  const failed = report.requirements.filter((r) => r.status === 'failed');
  assert.equal(
    await choose(
      page,
      { api: 'jaicp-chat', level: 'MUST' },
      `${report.requirements.filter((r) => r.api === 'jaicp-chat' && r.level === 'MUST').length} of ${all} requirements shown`,
    ),
    report.requirements.filter((r) => r.api === 'jaicp-chat' && r.level === 'MUST').length,
  );
  assert.equal(await choose(page, { api: '', level: '', status: 'failed' }, `${failed.length} of ${all} requirements shown`), failed.length);

  const failure = failed.find((r) => r.evidence?.length)!;
  assert.ok(failure, 'a failure with evidence');
  const row = page.locator(`tbody.req[data-id="${failure.id}"]`);
  await row.locator('details.evidence > summary').click();
  assert.equal(await row.locator('[data-field="expected"]').textContent(), failure.checks);
  assert.equal(await row.locator('[data-field="reason"]').textContent(), failure.reason);
  for (const [i, e] of failure.evidence!.entries()) {
    const exchange = row.locator(`.exchange[data-exchange="${i}"]`);
    assert.ok(await exchange.isVisible(), 'the evidence is shown');
    assert.equal(await exchange.locator('[data-field="method"]').textContent(), e.method);
    assert.equal(await exchange.locator('[data-field="path"]').textContent(), e.path);
    assert.equal(await exchange.locator('[data-field="status"]').textContent(), String(e.status));
    assert.equal(await exchange.locator('[data-field="responseBody"]').textContent(), JSON.stringify(JSON.parse(e.responseBody!), null, 2));
    assert.match((await exchange.locator('[data-field="responseHeaders"]').textContent()) ?? '', /^content-type: application\/json/m);
  }
  // A one-API run's page is about that API, and fits a laptop's screen with its evidence open.
  assert.deepEqual(Object.keys(report.apis), ['jaicp-chat']);
  assert.match((await page.locator('#other-apis').textContent()) ?? '', /^Not in this run: aimylogic-chat, edna-threads, lia/);
  await choose(page, { api: '', level: '', status: '' }, `${all} of ${all} requirements shown`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scroll at 1280 pixels');
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'conformance-report.png'), fullPage: true });
  assert.deepEqual(dialogs, []);
  // Checked before leaving: the Playwright report, opened from disk, fails to fetch its own
  // error-context attachment (Chromium refuses fetch() on file://), which is not this page's doing.
  assert.deepEqual(errors, []);

  const link = row.locator('a[data-test-link]').first();
  assert.equal(await link.getAttribute('href'), testLink(failure.testIds[0]));
  await link.click();
  await page.waitForURL((url) => url.pathname.endsWith('/html/index.html') && url.hash.includes(encodeURIComponent(failure.testIds[0])));
  const testTitle = failure.tests[0].split(' › ').at(-1)!;
  await page.getByText(testTitle).first().waitFor();
  await page.getByText(failure.id).first().waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'playwright-report-test.png') });

  assert.deepEqual(network, [], 'nothing was fetched from a network');
});

test('a hostile target cannot run script or load anything through the page: its bodies are shown as text', async () => {
  const file = join(root, 'hostile.html');
  writeFileSync(file, renderConformanceHtml(hostileReport()));
  const { page, network, dialogs, errors } = await offlinePage();
  await page.goto(pathToFileURL(file).href);
  assert.equal(await page.title(), `Conformance: ${HOSTILE.target}`);
  assert.equal(await choose(page, { status: 'failed' }, '2 of 4 requirements shown'), 2);
  const row = page.locator('tbody.req[data-id="lia.hostile"]');
  await row.locator('details.evidence > summary').click();
  assert.equal(await row.locator('[data-field="responseBody"]').textContent(), HOSTILE.body);
  assert.equal(await row.locator('[data-field="responseHeaders"]').textContent(), `x-evil: ${HOSTILE.header}`);
  assert.equal(await row.locator('[data-field="reason"]').textContent(), HOSTILE.reason);
  assert.equal(await page.locator('img, iframe').count(), 0);
  assert.deepEqual(network, []);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
});
