// The conformance page and the gate, from a report alone: a hostile target's bodies stay text, the
// page loads nothing from anywhere, and the gate weighs failures against the expected ones; and a
// requirement that several tests failed keeps what each of them showed.
import './support/demo.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { renderConformanceHtml } from '../lib/conformanceHtml.ts';
import { buildReport, GATE_ENV, gateLevelOf, gateOf } from '../lib/conformanceReport.ts';
import { gateVerdict, summaryLines } from '../lib/reportFiles.ts';
import { HOSTILE, hostileReport } from './support/hostileReport.ts';

test('the gate fails on new MUST failures and broken tests only, and names expected failures that now pass', () => {
  const { requirements } = hostileReport();
  assert.deepEqual(gateOf(requirements, []), {
    level: 'MUST',
    passed: false,
    newFailures: ['lia.hostile'],
    expectedFailures: ['lia.expected'],
    fixed: ['lia.fixed'],
    brokenTests: [],
  });
  const onlyExpected = requirements.filter((r) => r.id !== 'lia.hostile');
  assert.equal(gateOf(onlyExpected, []).passed, true);
  assert.equal(gateOf(onlyExpected, ['lia › a.spec.ts › died in a fixture']).passed, false);
  const shouldFailure = [{ ...requirements[0], level: 'SHOULD' as const }];
  assert.equal(gateOf(shouldFailure, []).passed, true, 'a SHOULD failure is reported, not gated');
  assert.deepEqual(gateOf(shouldFailure, [], 'SHOULD').newFailures, ['lia.hostile'], 'unless the gate is asked to take SHOULD failures too');
  assert.equal(gateLevelOf({ gate: 'should' }, {}), 'SHOULD', 'the target file may ask for it');
  assert.equal(gateLevelOf({ gate: 'should' }, { [GATE_ENV]: 'must' }), 'MUST', '--gate wins');
  assert.equal(gateLevelOf(undefined, {}), 'MUST');
});

test("the run's last line: FAILED with why, unreachable, or passed, saying so when nothing was judged", () => {
  const failing = hostileReport();
  assert.deepEqual(gateVerdict(failing, 'conformance'), {
    outcome: 'mustFailed',
    line: 'conformance: FAILED (1 new MUST failure(s): lia.hostile; 1 expected failure(s) still fail)',
  });
  const none = { ...emptyGate(failing), unreachable: { lia: 'ECONNREFUSED' } };
  assert.deepEqual(gateVerdict(none, 'conformance'), { outcome: 'unreachable', line: 'conformance: unreachable: lia' });
  const starved = { ...emptyGate(failing), totals: { ...emptyGate(failing).totals, passed: 0, failed: 0, skipped: 4, untested: 1 } };
  assert.deepEqual(gateVerdict(starved, 'conformance'), { outcome: 'passed', line: 'conformance: passed, but judged nothing (4 skipped, 1 untested)' });
  const judged = { ...starved, totals: { ...starved.totals, passed: 1 } };
  assert.equal(gateVerdict(judged, 'conformance').line, 'conformance: passed');
});

test('tests that waited for webhook deliveries when none reached the sink at all are said to point at the webhook URL or the network', () => {
  const report = hostileReport();
  const silent = { ...report, webhook: { listens: ['127.0.0.1:9555'], received: 0, waited: 9 } };
  const warning =
    "no delivery reached the webhook sink (127.0.0.1:9555) in this run, though tests waited for one 9 times: is the deployment's webhook URL http://127.0.0.1:9555/, and can the deployment reach this machine?";
  assert.ok(summaryLines(silent, '/r').includes(`  ! ${warning}`));
  assert.ok(renderConformanceHtml(silent).includes(`<p class="s-failed">${warning.replace(/'/g, '&#39;')}</p>`), 'the page says it too');
  for (const quiet of [report, { ...silent, webhook: { ...silent.webhook, received: 1 } }, { ...silent, webhook: { ...silent.webhook, waited: 0 } }])
    assert.ok(!summaryLines(quiet, '/r').some((line) => line.includes('no delivery reached')), JSON.stringify(quiet.webhook));
});

/** The report with its gate passed: no new failure, none expected. */
function emptyGate(report: ReturnType<typeof hostileReport>): ReturnType<typeof hostileReport> {
  return { ...report, totals: { ...report.totals, gate: { ...report.totals.gate, passed: true, newFailures: [], expectedFailures: [] } } };
}

test('every text from the target is escaped; the only script and style are the page’s own, pinned by the CSP', () => {
  const html = renderConformanceHtml(hostileReport());
  for (const text of Object.values(HOSTILE)) assert.ok(!html.includes(text), `${text} appears unescaped`);
  assert.ok(html.includes('&lt;/pre&gt;&lt;/td&gt;&lt;/tr&gt;&lt;/tbody&gt;&lt;/table&gt;&lt;script&gt;alert(&quot;body&quot;)'));
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.equal(html.match(/<style/g)?.length, 1);
  assert.doesNotMatch(html, /<(img|iframe|link|object|embed)\b/i);
  assert.doesNotMatch(html, /<[^>]*\s(src|on[a-z]+)=/i, 'no element loads or runs anything');
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) assert.match(href, /^(#|html\/index\.html)/, `${href} stays inside the report folder`);
  const csp = html.match(/Content-Security-Policy" content="([^"]+)"/)![1];
  assert.match(csp, /default-src 'none'/);
  const hash = (tag: string) =>
    createHash('sha256')
      .update(html.match(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`))![1])
      .digest('base64');
  assert.ok(csp.includes(`script-src 'sha256-${hash('script')}'`), 'the CSP pins the script');
  assert.ok(csp.includes(`style-src 'sha256-${hash('style')}'`), 'the CSP pins the style');
});

test('one row per requirement, with its level, status, expected marker and links to its tests in the Playwright report', () => {
  const report = hostileReport();
  const html = renderConformanceHtml(report);
  for (const r of report.requirements) {
    assert.ok(
      html.includes(
        `id="req-${r.id}" data-id="${r.id}" data-api="${r.api}" data-level="${r.level}" data-status="${r.status}" data-expected="${Boolean(r.expected)}"`,
      ),
      r.id,
    );
  }
  assert.ok(html.includes('href="html/index.html#?testId=abc-123"'));
  assert.ok(html.includes('fixed: remove from expectedFailures'));
  assert.ok(html.includes('expectedFailures: ticket &lt;42&gt;'));
  assert.ok(html.includes('untested ×1: the target file has no &quot;lia&quot; section'));
});

test('a requirement two tests failed keeps both: every reason once, and evidence from each', () => {
  const exchange = (path: string, status: number) => ({
    at: '2026-01-01T00:00:00.000Z',
    method: 'GET',
    url: `http://api.example${path}`,
    path,
    requestHeaders: {},
    status,
    elapsedMs: 1,
  });
  const id = 'openapi-demo.addTag.response-schema';
  const failed = (reason: string, paths: string[], status: number) => ({
    id,
    status: 'failed' as const,
    reason,
    evidence: paths.map((p) => exchange(p, status)),
  });
  const tests = [
    { id: 't1', title: 'invalid requests are refused', broken: false, records: [failed('2 refusals did not match', ['/a?1', '/a?2'], 400)] },
    {
      id: 't2',
      title: 'valid requests are answered as documented',
      broken: false,
      records: [failed('3 answers did not match', ['/b?1', '/b?2', '/b?3'], 200)],
    },
    { id: 't3', title: 'again', broken: false, records: [failed('2 refusals did not match', [], 400)] },
  ];
  const report = buildReport({ target: undefined, profiles: ['openapi-demo'], tests, untestedBecause: new Map() });
  const result = report.requirements.find((r) => r.id === id)!;
  assert.equal(result.status, 'failed');
  assert.equal(result.reason, '2 refusals did not match\n\n3 answers did not match');
  assert.deepEqual(
    result.evidence!.map((e) => `${e.path} ${e.status}`),
    ['/a?1 400', '/a?2 400', '/b?1 200', '/b?2 200', '/b?3 200'],
  );
  assert.deepEqual(result.failedIn, ['invalid requests are refused', 'valid requests are answered as documented', 'again']);
});

test('a requirement two tests skipped for different reasons reports the same reason whichever ended first', () => {
  const id = 'openapi-demo.addTag.response-schema';
  const skipped = (test: string, reason: string) => ({ id: test, title: test, broken: false, records: [{ id, status: 'skipped' as const, reason }] });
  const valid = skipped('valid', 'not judged: no object was created for the valid requests to ask about: createItem answered 400');
  const invalid = skipped('invalid', 'not judged: every request was refused 401 ×3');
  const reasonWith = (tests: (typeof valid)[]) =>
    buildReport({ target: undefined, profiles: ['openapi-demo'], tests, untestedBecause: new Map() }).requirements.find((r) => r.id === id)!.reason;
  assert.equal(reasonWith([valid, invalid]), reasonWith([invalid, valid]));
  assert.equal(reasonWith([valid, invalid]), invalid.records[0].reason);
});
