// A test's API is the describe block it is declared in (lib/apiScope.ts): greps, reporters and
// projects find it there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { API_ANNOTATION, apiGrep, apiOfTest, apiTitle, grepKeeps, grepPerApi, reportTitle, specFolders } from '../lib/apiScope.ts';

test("a profile's grep matches its tests in the title Playwright greps, and no other profile's", () => {
  const title = (profile: string) => `conformance chat-api/sync.spec.ts ${apiTitle(profile)} POST /chatapi/{token} a text query @sync.text-query`;
  const jaicp = new RegExp(apiGrep('jaicp-chat'));
  assert.match(title('jaicp-chat'), jaicp);
  assert.doesNotMatch(title('aimylogic-chat'), jaicp);
  assert.doesNotMatch('jaicp-chat chat-api/sync.spec.ts a text query', jaicp, 'a project named after the API is not its describe block');
});

test("a grep per API keeps each profile's tests matching its own pattern, and none when no profile has one", () => {
  const title = (profile: string, tag: string) => `conformance chat-api/sync.spec.ts ${apiTitle(profile)} POST /chatapi/{token} a text query ${tag}`;
  const grep = new RegExp(grepPerApi({ 'jaicp-chat': '@sync\\.', lia: '@auth\\.key' })!);
  assert.match(title('jaicp-chat', '@sync.text-query'), grep);
  assert.doesNotMatch(title('aimylogic-chat', '@sync.text-query'), grep, 'a profile not named');
  assert.doesNotMatch(title('jaicp-chat', '@auth.key'), grep, "another profile's pattern");
  assert.match(title('lia', '@auth.key'), grep);
  assert.equal(grepPerApi({}), undefined);
});

test("a worker tells which of a test's observations a --grep keeps, matching as Playwright does", () => {
  const titlePath = ['chat-api/waits.spec.ts', apiTitle('jaicp-chat'), 'waits on the target', 'the waits'];
  const keeps = (grep: string, tags: string[]) => grepKeeps(grep, 'waiting', titlePath, tags);
  assert.ok(keeps('@events\\.ts-filter', ['@events.ts-filter']));
  assert.ok(!keeps('@events\\.ts-filter', ['@events.long-poll-blocks']), 'another observation');
  assert.ok(keeps('EVENTS\\.TS', ['@events.ts-filter']), 'case ignored, as by the command line');
  assert.ok(!keeps('/EVENTS\\.TS/', ['@events.ts-filter']), 'unless given as /source/flags');
  assert.ok(keeps('the waits', []), 'by title, every observation');
  // The CLI's --level: a profile's tags, after its describe block in the title.
  const level = grepPerApi({ 'jaicp-chat': '@events\\.ts-filter', lia: '@auth\\.' })!;
  assert.ok(keeps(level, ['@events.ts-filter']));
  assert.ok(!keeps(level, ['@async.webhook-retry']));
  assert.ok(!grepKeeps(level, 'waiting', [titlePath[0], apiTitle('aimylogic-chat'), ...titlePath.slice(2)], ['@events.ts-filter']), 'another profile');
});

test('the API is read from the annotation; the report title leaves out the project and the describe block naming it', () => {
  assert.equal(apiOfTest({ annotations: [{ type: 'other' }, { type: API_ANNOTATION, description: 'lia' }] }), 'lia');
  assert.equal(apiOfTest({ annotations: [] }), '');
  assert.equal(
    reportTitle(['', 'conformance', 'lia/auth.spec.ts', '[lia]', 'the key', 'the channel key authorises'], 'lia'),
    'lia › lia/auth.spec.ts › the key › the channel key authorises',
  );
});

test("every project looks in the folder holding every API's specs, and loads its own APIs' only", () => {
  const every = ['/p/specs/chat-api/', '/p/specs/lia', '/p/specs/openapi/'];
  const { testDir, testMatch } = specFolders(every, ['/p/specs/lia']);
  assert.equal(testDir, '/p/specs');
  assert.ok(testMatch.some((m) => m.test('/p/specs/lia/auth.spec.ts')));
  assert.ok(!testMatch.some((m) => m.test('/p/specs/chat-api/sync.spec.ts')));
  assert.ok(!testMatch.some((m) => m.test('/p/specs/lia-extra/auth.spec.ts')), 'a folder whose name only begins the same');
  assert.equal(specFolders(['/p/specs/lia/'], ['/p/specs/lia']).testDir, '/p/specs/lia', 'one API: its own folder');
});
