// The check before the run, per API: a wrong credential is refused (401/403) and said as such, a
// target that never answers is said as such, and a right credential passes even where the target
// has a bug the suite is there to report (edna refusing the documented "Bearer <token>").
import './support/setup.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { unusable } from '../lib/reachability.ts';
import type { ApiName } from '../lib/requirements.ts';
import type { Target } from '../lib/target.ts';
import { startEmbeddedReference as startReference } from '../lib/embeddedReference.ts';
import { startHostileServer } from './support/hostileServer.ts';

const reference = await startReference({ env: {} });
const bearerBug = await startReference({ env: { REFERENCE_FAULTS: 'edna-bearer-prefix-rejected' } });
const silent = await startHostileServer({ behaviour: () => 'hang' });
after(async () => {
  await Promise.all([reference.close(), bearerBug.close(), silent.close()]);
});
const { 'jaicp-chat': chat, 'edna-threads': edna, lia } = reference.target.apis;

test('the right credentials pass, for every API', async () => {
  const apis = Object.entries(reference.target.apis) as [ApiName, NonNullable<Target['apis'][ApiName]>][];
  for (const [api, section] of apis) assert.equal(await unusable(api, section), undefined, api);
});

test('a wrong token, tenant or key is refused, and the line says which request and what to check', async () => {
  assert.match(
    (await unusable('jaicp-chat', { ...chat!, token: 'not-the-channel-token' }))?.said ?? '',
    /^refused the credential: POST \/chatapi\/\{token\} was answered 401 \(check the token\)$/,
  );
  assert.match(
    (await unusable('edna-threads', { ...edna!, tenant: 'not-the-tenant' }))?.reason ?? '',
    /^the credential was refused: .*answered 403.*\(check the token and the tenant\)$/,
  );
  assert.match(
    (await unusable('lia', { ...lia!, key: 'not-the-channel-key' }))?.reason ?? '',
    /^the credential was refused: POST \/api\/v1\/handling\/event\?key=\{key\} was answered 401 \(check the key\)$/,
  );
});

test('a target that takes only the bare edna token proves the token right: the suite, not the preflight, reports the bug', async () => {
  assert.equal(await unusable('edna-threads', bearerBug.target.apis['edna-threads']!), undefined);
});

test('a target that takes the connection but never answers is said not to answer, at the bound', async () => {
  const started = performance.now();
  const found = await unusable('lia', { baseUrl: silent.url, key: 'some-channel-key' }, 500);
  assert.equal(found?.said, 'did not answer: no answer to POST /api/v1/handling/event?key={key} within 500 ms');
  const took = performance.now() - started;
  assert.ok(took >= 490 && took < 500 + 10_000, `said at the bound, with a busy machine's slack (${Math.round(took)} ms)`);
});
