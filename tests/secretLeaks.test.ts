// No planted secret reaches a report or the console, even from a target that echoes it everywhere:
// in headers, cookies and redirect locations, in gzip-compressed, \u-escaped, percent-encoded and
// non-UTF-8 bodies, in error answers, and in webhook deliveries (path, query, headers, body), while
// faults of the reference make checks fail and keep those exchanges as evidence.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { ApiName } from '../lib/requirements.ts';
import { placeholderOf, secretEnv } from '../lib/adapter.ts';
import { adapterOf } from '../lib/registry.ts';
import { hostileRun, only } from './support/hostileRun.ts';
import type { Behaviour } from './support/hostileServer.ts';
import { reportTexts } from './support/reportText.ts';

const root = mkdtempSync(join(tmpdir(), 'secret-leaks-'));

/** Secrets with characters that change under percent-, form- and JSON-encoding. */
const PLANTED: Record<ApiName, string> = {
  'jaicp-chat': 'planted-jaicp/Tok+en=Zq9',
  'aimylogic-chat': 'planted aimylogic&Zq9',
  'edna-threads': 'planted-edna.Tok_en~Zq9',
  lia: 'planted-lia/Key+&=Zq9',
};

const unicodeEscaped = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
/** Every form in which a leaked secret would be readable. */
const formsOf = (secret: string) => [
  secret,
  encodeURIComponent(secret),
  new URLSearchParams({ s: secret }).toString().slice(2),
  JSON.stringify(secret).slice(1, -1),
  unicodeEscaped(secret),
];

/** Errors that echo the URL, redirects that carry it (to this origin and another), and echoes everywhere else. */
function chatBehaviour(req: IncomingMessage): Behaviour {
  const path = req.url ?? '';
  if (/\/status(\?|$)/.test(path)) return 'server-error';
  if (/\/history(\?|$)/.test(path)) return 'redirect-away';
  if (/\/state(\?|$)/.test(path)) return 'redirect-self';
  return 'echo-secrets';
}

test('no planted secret reaches a report, an attachment or the console, whatever the target echoes', { timeout: 240_000 }, async () => {
  const env = Object.fromEntries(
    (Object.entries(PLANTED) as [ApiName, string][]).map(([api, secret]) => [secretEnv(api, adapterOf(api).section.secrets[0]), secret]),
  );
  const echo = () => 'echo-secrets' as const;
  const result = await hostileRun(join(root, 'run'), {
    apis: ['jaicp-chat', 'aimylogic-chat', 'edna-threads', 'lia'],
    referenceEnv: { ...env, REFERENCE_FAULTS: 'sync-no-cid,webhook-object-not-array,status-get-500,edna-empty-answer-accepted,lia-sticker-unsupported' },
    behaviours: { 'jaicp-chat': chatBehaviour, 'aimylogic-chat': echo, 'edna-threads': echo, lia: echo },
    floods: { 'jaicp-chat': { forClient: 20, forClientBytes: 100, malformed: 20, huge: 1, hugeBytes: 2 * 1024 * 1024 } },
    grep: only({
      'jaicp-chat': '@sync\\.|@async\\.|@status\\.get|@history\\.|@state\\.|@auth\\.',
      'aimylogic-chat': '@sync\\.',
      'edna-threads': '@auth\\.|@text\\.',
      lia: '@auth\\.key|@incoming\\.event-types',
    }),
  });
  assert.equal(result.exitCode, 1, result.output.slice(-3000));

  // The run was a real test of masking: the targets got the secrets, and failures kept exchanges as evidence.
  for (const [api, secret] of Object.entries(PLANTED) as [ApiName, string][]) {
    const seen = JSON.stringify(result.fronts[api]!.requests);
    assert.ok(seen.includes(encodeURIComponent(secret)) || seen.includes(secret), `${api}: the target received its secret`);
  }
  const evidence = JSON.stringify(result.report!.requirements.filter((r) => r.status === 'failed' && r.evidence?.length));
  for (const api of Object.keys(PLANTED) as ApiName[])
    assert.ok(
      evidence.includes(placeholderOf(api, adapterOf(api).section.secrets[0])),
      `${api}: failures carry exchanges, with the placeholder where the secret was`,
    );
  assert.ok(result.fronts['jaicp-chat']!.flooded.answered > 0, 'the sink received deliveries carrying the token');
  assert.equal(result.away.requests.length, 0, 'no redirect to another origin was followed');

  const texts = [{ file: 'console output', text: result.output }, ...reportTexts(result.reportDir)];
  assert.ok(
    texts.some((t) => t.file.includes('!')),
    'the HTML report was unpacked and searched',
  );
  for (const [api, secret] of Object.entries(PLANTED)) {
    for (const form of formsOf(secret)) {
      const leaks = texts.filter((t) => t.text.includes(form)).map((t) => t.file);
      assert.deepEqual(leaks, [], `${api}'s secret, as ${form}, appears in a report or the output`);
    }
  }
});
