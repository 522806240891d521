// A section's fixturesCommand: what it prints is merged over the section for this run, the shard
// and the section are in its environment, and a command that fails, hangs up or prints no JSON is a
// configuration error naming the section — never a crash.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTargetWithFixtures, mergeOver } from '../lib/fixturesCommand.ts';
import { TargetError } from '../lib/target.ts';

const dir = mkdtempSync(join(tmpdir(), 'fixtures-command-'));
const node = (script: string) => `node -e ${JSON.stringify(script)}`;

function targetWith(command: string): string {
  const file = join(dir, `t-${Math.random().toString(36).slice(2)}.json`);
  const section = { baseUrl: 'http://127.0.0.1:9', token: 't', fixtures: { threadsClientIds: [1], questionIds: [1, 2] }, fixturesCommand: command };
  writeFileSync(file, JSON.stringify({ apis: { 'edna-threads': section } }));
  return file;
}

test('what the command prints is merged over the section, objects key by key', async () => {
  const printed = { fixtures: { questionIds: [7, 8], fresh: true }, answerIdMode: 'soft' };
  const target = await loadTargetWithFixtures(
    targetWith(
      node(
        `console.log(JSON.stringify(Object.assign(${JSON.stringify(printed)}, {tenant: process.env.CONFORMANCE_API + ':' + process.env.CONFORMANCE_SHARD})))`,
      ),
    ),
    { CONFORMANCE_SHARD: '2/3', PATH: process.env.PATH },
  );
  const section = target.apis['edna-threads'] as Record<string, unknown>;
  assert.deepEqual(section.fixtures, { threadsClientIds: [1], questionIds: [7, 8], fresh: true });
  assert.equal(section.answerIdMode, 'soft');
  assert.equal(section.tenant, 'edna-threads:2/3', 'the section and the shard are in its environment');
  assert.deepEqual(mergeOver({ a: { x: 1 }, b: [1] }, { a: { y: 2 }, b: [2] }), { a: { x: 1, y: 2 }, b: [2] });
});

test('a command that fails, prints no JSON, or prints what the section does not take is a configuration error naming the section', async () => {
  const fails = (command: string, message: RegExp) =>
    assert.rejects(loadTargetWithFixtures(targetWith(command)), (err: Error) => err instanceof TargetError && message.test(err.message));
  await fails(
    node('console.error("staging says no"); process.exit(3)'),
    /apis\.edna-threads\.fixturesCommand: the command .* exited with code 3: staging says no/,
  );
  await fails(node('console.log("not json")'), /did not print JSON/);
  await fails(node('console.log("[1,2]")'), /printed JSON that is not an object of section fields/);
  await fails(
    node('console.log(JSON.stringify({fixtures: {questionIds: ["x"]}}))'),
    /with what its fixturesCommand printed .*\n.*fixtures\.questionIds\.0: must be integer/,
  );
});
