// A conformance report as a hostile target could shape it: bodies, headers and reasons carrying
// markup and script, meant to run or load something if the page did not escape them.
import type { ConformanceReport, RequirementResult } from '../../lib/conformanceReport.ts';
import { gateOf } from '../../lib/conformanceReport.ts';

export const HOSTILE = {
  body: '</pre></td></tr></tbody></table><script>alert("body")</script><img src=x onerror=alert("img")>',
  header: '"><script>alert("header")</script>',
  reason: '<iframe src="http://127.0.0.1:9/steal"></iframe> & done',
  target: '</title><script>alert("title")</script>',
  curl: `curl -i 'http://127.0.0.1:1/api' --data-binary '</pre><script>alert("curl")</script>'`,
};

const requirement = (id: string, overrides: Partial<RequirementResult>): RequirementResult => ({
  id,
  api: 'lia',
  level: 'MUST',
  status: 'passed',
  seed: '003_5d74d26bde03a639.txt',
  quote: 'Максимальное время обработки одного запроса — 30 секунд.',
  checks: 'something the harness checks',
  tests: ['lia › a.spec.ts › a test'],
  testIds: ['abc-123'],
  ...overrides,
});

export function hostileReport(): ConformanceReport {
  const requirements = [
    requirement('lia.hostile', {
      status: 'failed',
      reason: HOSTILE.reason,
      evidence: [
        {
          at: '2026-01-01T00:00:00.000Z',
          method: 'POST',
          url: 'http://127.0.0.1:1/lia/api?x=<b>',
          path: '/api?x=<b>',
          requestHeaders: { 'content-type': 'application/json' },
          requestBody: '{"text":"<script>alert(1)</script>"}',
          status: 500,
          responseHeaders: { 'x-evil': HOSTILE.header },
          responseBody: HOSTILE.body,
          elapsedMs: 3,
          curl: HOSTILE.curl,
        },
      ],
    }),
    requirement('lia.expected', { status: 'failed', reason: 'known', expected: { reason: 'ticket <42>' } }),
    requirement('lia.fixed', { level: 'SHOULD', expected: { reason: 'was broken' } }),
    requirement('lia.untested', { status: 'untested', reason: 'the target file has no "lia" section', tests: [], testIds: [] }),
  ];
  const count = (s: string) => requirements.filter((r) => r.status === s).length;
  return {
    target: HOSTILE.target,
    unreachable: {},
    otherApis: [],
    generatedAt: '2026-01-01T00:00:00.000Z',
    totals: {
      passed: count('passed'),
      failed: count('failed'),
      skipped: 0,
      unobservable: 0,
      untested: count('untested'),
      total: requirements.length,
      mustFailed: 2,
      shouldFailed: 0,
      gate: gateOf(requirements, []),
    },
    apis: { lia: { tested: true, passed: count('passed'), failed: count('failed'), skipped: 0, unobservable: 0, untested: count('untested') } },
    requirements,
  };
}
