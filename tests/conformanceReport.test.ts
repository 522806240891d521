// The conformance page and the gate, from a report alone: a hostile target's bodies stay text, the
// page loads nothing from anywhere, and the gate weighs failures against the expected ones.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { renderConformanceHtml } from '../lib/conformanceHtml.ts';
import { GATE_ENV, gateLevelOf, gateOf } from '../lib/conformanceReport.ts';
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

test("every text from the target is escaped; the only script and style are the page’s own, pinned by the CSP", () => {
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
  const hash = (tag: string) => createHash('sha256').update(html.match(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`))![1]).digest('base64');
  assert.ok(csp.includes(`script-src 'sha256-${hash('script')}'`), 'the CSP pins the script');
  assert.ok(csp.includes(`style-src 'sha256-${hash('style')}'`), 'the CSP pins the style');
});

test('one row per requirement, with its level, status, expected marker and links to its tests in the Playwright report', () => {
  const report = hostileReport();
  const html = renderConformanceHtml(report);
  for (const r of report.requirements) {
    assert.ok(html.includes(`id="req-${r.id}" data-id="${r.id}" data-api="${r.api}" data-level="${r.level}" data-status="${r.status}" data-expected="${Boolean(r.expected)}"`), r.id);
  }
  assert.ok(html.includes('href="html/index.html#?testId=abc-123"'));
  assert.ok(html.includes('fixed: remove from expectedFailures'));
  assert.ok(html.includes('expectedFailures: ticket &lt;42&gt;'));
  assert.ok(html.includes('untested ×1: the target file has no &quot;lia&quot; section'));
});
