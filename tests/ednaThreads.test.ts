// The edna Threads suite beyond the embedded default: a soft-mode installation is green, a target
// file with only the few fixtures gets skips with reasons and never a failure, the
// reference never delivers a repeated answerId (what the suite reports as unobservable), and its
// installation's settings hold.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../lib/runSuite.ts';
import type { EdnaThreadsTarget } from '../specs/edna-threads/target.ts';
import { startEdnaThreadsReference, type EdnaThreadsOptions } from '../reference/edna-threads/server.ts';
import { ONE_WORKER } from './support/cliRuns.ts';

const root = mkdtempSync(join(tmpdir(), 'edna-'));

async function withReference<T>(
  options: Partial<EdnaThreadsOptions>,
  body: (ref: Awaited<ReturnType<typeof startEdnaThreadsReference>>) => Promise<T>,
): Promise<T> {
  const ref = await startEdnaThreadsReference({ token: 'edna-test-token', faults: new Set(), ...options });
  try {
    return await body(ref);
  } finally {
    await ref.close();
  }
}

async function runAgainst(name: string, section: EdnaThreadsTarget, grep?: string) {
  const file = join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify({ name, apis: { 'edna-threads': section } }));
  const run = await runSuite({ reportDir: join(root, name), env: { CONFORMANCE_TARGET: file, ...ONE_WORKER }, apis: ['edna-threads'], grep });
  assert.ok(run.report, `the run wrote a report\n${run.output.slice(-2000)}`);
  const status = (key: string) => run.report!.requirements.find((r) => r.id === `edna-threads.${key}`);
  return { run, status };
}

test('a soft-mode installation: a second answer is accepted, and the strict check is skipped', async () => {
  await withReference({ answerIdMode: 'soft' }, async (ref) => {
    const { run, status } = await runAgainst('soft', ref.section, '@answer-id\\.(soft|strict)-mode');
    assert.equal(run.exitCode, 0, run.output.slice(-2000));
    assert.equal(status('answer-id.soft-mode')?.status, 'passed');
    assert.equal(status('answer-id.strict-mode')?.status, 'skipped');
    assert.match(status('answer-id.strict-mode')?.reason ?? '', /soft/);
  });
});

test("a target with the issue's few fixtures: checks that need more are skipped with the reason, none fails", async () => {
  await withReference({}, async (ref) => {
    const section: EdnaThreadsTarget = {
      ...ref.section,
      fixtures: {
        threadsClientIds: [1, 2],
        questionIds: [43, 44, 45],
        sessions: [{ sessionId: '1', questionIndex: 3 }],
        emailSessions: [{ sessionId: '151', questionIndex: 1 }],
        unknown: { questionId: 999999, threadsClientId: 999999 },
      },
    };
    const { run, status } = await runAgainst('few-fixtures', section);
    assert.equal(run.exitCode, 0, run.output.slice(-2000));
    const failed = run.report!.requirements.filter((r) => r.api === 'edna-threads' && r.status === 'failed');
    assert.deepEqual(
      failed.map((r) => r.id),
      [],
    );
    for (const key of ['address.question-id', 'address.email-session', 'code.values']) assert.equal(status(key)?.status, 'passed', key);
    // Each lacks a declaration, or has one session where a run spends two: skipped, never failed.
    for (const key of [
      'address.session-question-index',
      'answer-id.strict-mode',
      'address.client-id',
      'address.email-question-id-refused',
      'quick-replies.max-count',
      'quick-replies.max-reply-length',
      'segmentation.personal-manager',
      'switch-to-human.routing-code-only',
    ]) {
      assert.equal(status(key)?.status, 'skipped', key);
      assert.match(status(key)?.reason ?? '', /fixtures\./, `${key} says which fixtures it lacks`);
    }
  });
});

test("the reference delivers an answerId once, a second answer to a question not at all in strict mode, and an EMAIL thread's question by session only", async () => {
  await withReference({}, async (ref) => {
    const send = (body: unknown) =>
      fetch(`${ref.url}/api/v1/chatbot`, {
        method: 'POST',
        headers: { authorization: 'Bearer edna-test-token', 'x-tenant-name': 'local', 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.status);
    const repeated = { threadsClientId: 1, text: 'once', answerId: 'repeat-me', code: 'SUCCESS', segmentationInfo: {} };
    assert.equal(await send(repeated), 200);
    assert.equal(await send(repeated), 200);
    const questionId = ref.section.fixtures.questionIds![0];
    assert.equal(await send({ questionId, text: 'first', answerId: 'first' }), 200);
    assert.equal(await send({ questionId, text: 'second', answerId: 'second' }), 409);
    // emailQuestions name questions emailSessions do not: each pool's checks answer their own.
    const { emailQuestions = [], emailSessions = [] } = ref.section.fixtures;
    assert.ok(
      emailQuestions.length > 0 && emailQuestions.every((q) => !emailSessions.some((s) => s.sessionId === q.sessionId && s.questionIndex === q.questionIndex)),
    );
    const [email] = emailQuestions;
    assert.equal(await send({ questionId: email.questionId, text: 'by questionId', answerId: 'email-by-id' }), 400);
    assert.equal(await send({ sessionId: email.sessionId, questionIndex: email.questionIndex, text: 'by session', answerId: 'email-by-session' }), 200);
    assert.deepEqual(
      ref.deliveries.map((d) => d.answerId),
      ['repeat-me', 'first', 'email-by-session'],
    );
  });
});

test("the installation's settings: its quick-reply count and length, and the variants that route UNCLEAR_QUESTION and know only their agents' logins", async () => {
  const variants = new Set(['edna-unclear-question-routed', 'edna-personal-manager-known-only']);
  await withReference({ maxQuickReplies: 3, maxQuickReplyLength: 20, variants }, async (ref) => {
    assert.equal(ref.section.fixtures.maxQuickReplies, 3);
    assert.equal(ref.section.fixtures.maxQuickReplyLength, 20);
    const send = (body: Record<string, unknown>) =>
      fetch(`${ref.url}/api/v1/chatbot`, {
        method: 'POST',
        headers: { authorization: 'Bearer edna-test-token', 'x-tenant-name': 'local', 'content-type': 'application/json' },
        body: JSON.stringify({ threadsClientId: 1, text: 'answer', answerId: crypto.randomUUID(), code: 'SUCCESS', segmentationInfo: {}, ...body }),
      }).then((r) => r.status);
    const replies = (n: number) => Array.from({ length: n }, (_, i) => ({ type: 'TEXT', text: `Option ${i + 1}` }));
    assert.equal(await send({ quickReplies: replies(3) }), 200);
    assert.equal(await send({ quickReplies: replies(4) }), 400);
    assert.equal(await send({ quickReplies: [{ type: 'TEXT', text: 'я'.repeat(20) }] }), 200);
    assert.equal(
      await send({
        quickReplies: [
          { type: 'TEXT', text: 'Yes' },
          { type: 'TEXT', text: 'я'.repeat(21) },
        ],
      }),
      400,
    );
    assert.equal(await send({ code: 'UNCLEAR_QUESTION', userIds: [1] }), 200);
    assert.equal(await send({ code: 'SUCCESS', userIds: [1] }), 400);
    assert.equal(await send({ segmentationInfo: { personal_manager: ref.section.fixtures.personalManager } }), 200);
    assert.equal(await send({ segmentationInfo: { personal_manager: 'nobody' } }), 400);
  });
});
