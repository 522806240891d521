// The one vocabulary a check is written in (lib/expectations.ts): a failure says what was expected,
// the status and the start of the body, as vendors read it; a reply's exchange is evidence of the
// case or check that judged it failing (lib/caseEvidence.ts), never of one that judged it passing.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { inCase, inCheck, inObservation, noteSent, sentElsewhere } from '../lib/caseEvidence.ts';
import { expect, playwrightExpect } from '../lib/expectations.ts';
import type { Exchange, Reply } from '../lib/httpClient.ts';

const reply = (status: number, text = `body of ${status}`): Reply => ({
  status,
  headers: {},
  text,
  json: undefined,
  elapsedMs: 1,
  exchange: { at: '', method: 'POST', url: `http://target/${status}`, path: `/${status}`, requestHeaders: {}, status, responseBody: text, elapsedMs: 1 },
});

/** The message a judgement fails with (undefined when it passes). */
function failure(judge: () => void): string | undefined {
  try {
    judge();
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

test('a status matcher fails saying what was expected, the status and the first 500 characters of the body', () => {
  assert.equal(
    failure(() => expect(reply(500)).toBe2xx('a text query')),
    'a text query: expected a 2xx answer, got 500\nbody of 500',
  );
  assert.equal(
    failure(() => expect(reply(200)).toBeRefused('a made-up code')),
    'a made-up code: expected a 4xx (any client error), got 200\nbody of 200',
  );
  assert.equal(
    failure(() => expect(reply(200)).not.toBe2xx('GET')),
    'GET: expected a refusal (any answer but 2xx), got 200\nbody of 200',
  );
  assert.equal(
    failure(() => expect(reply(302)).toBe2xxOr4xx('a repeat')),
    'a repeat: expected a 2xx or a 4xx (either reading of the document), got 302\nbody of 302',
  );
  assert.equal(failure(() => expect(reply(503, 'x'.repeat(600))).toBe2xx())?.length, 'expected a 2xx answer, got 503\n'.length + 500);
});

test('any code of the class passes, since the documents name none', () => {
  for (const status of [200, 201, 204, 299])
    assert.equal(
      failure(() => expect(reply(status)).toBe2xx()),
      undefined,
      String(status),
    );
  for (const status of [400, 404, 409, 422, 499])
    assert.equal(
      failure(() => expect(reply(status)).toBeRefused()),
      undefined,
      String(status),
    );
  for (const status of [200, 404])
    assert.equal(
      failure(() => expect(reply(status)).toBe2xxOr4xx()),
      undefined,
      String(status),
    );
  for (const status of [301, 500])
    assert.ok(
      failure(() => expect(reply(status)).toBe2xxOr4xx()),
      String(status),
    );
  assert.ok(failure(() => expect(reply(500)).toBeRefused()));
});

test('toValidateAgainst lists every error of a value, and of a reply its body', () => {
  const validator = { name: 'Thing', errorsOf: (value: unknown) => (value === 'good' ? [] : ['(body): missing "a"', '/b: must be string']) };
  assert.equal(
    failure(() => expect('good').toValidateAgainst(validator)),
    undefined,
  );
  assert.equal(
    failure(() => expect('bad').toValidateAgainst(validator, 'the item')),
    'the item: expected to validate against Thing:\n- (body): missing "a"\n- /b: must be string\n"bad"',
  );
  assert.match(failure(() => expect(reply(200, '{"b":1}')).toValidateAgainst(validator, 'the answer')) ?? '', /missing "a"\n- \/b: must be string\n\{"b":1\}$/);
});

test("a failing judgement notes the reply's exchange for the case or check running it; a passing one does not", async () => {
  const [ok, broken] = [reply(200), reply(500)];
  const ofCheck: Exchange[] = [];
  const ofCase: Exchange[] = [];
  await inCheck(ofCheck, async () => {
    failure(() => expect(ok).toBe2xx());
    failure(() => expect(broken).toBe2xx());
    // In a case, the case owns it: an accepted answer where a refusal was expected.
    await inCase(ofCase, async () => void failure(() => expect(ok).toBeRefused()));
  });
  assert.deepEqual(ofCheck, [broken.exchange]);
  assert.deepEqual(ofCase, [ok.exchange]);
});

test('what a check sent is not the evidence of another check of the test running beside it; what the test sent outside checks is', async () => {
  const [mine, theirs, ofItsCase, outside] = [reply(201), reply(202), reply(203), reply(204)].map((r) => r.exchange);
  const [ofMine, ofTheirs] = [[] as Exchange[], [] as Exchange[]];
  noteSent(outside);
  await Promise.all([
    inCheck(ofMine, async () => noteSent(mine)),
    inCheck(ofTheirs, async () => {
      noteSent(theirs);
      await inCase([], async () => noteSent(ofItsCase));
    }),
  ]);
  const journal = [outside, mine, theirs, ofItsCase];
  assert.deepEqual(
    journal.filter((e) => !sentElsewhere(e, ofMine)),
    [outside, mine],
  );
  assert.deepEqual(
    journal.filter((e) => !sentElsewhere(e, ofTheirs)),
    [outside, theirs, ofItsCase],
  );
});

test("what an observation sends, in its checks or before them, is not the evidence of another observation's check", async () => {
  const [slow, poll, outside] = [reply(201), reply(202), reply(204)].map((r) => r.exchange);
  const [ofTimeout, ofPoll] = [[] as Exchange[], [] as Exchange[]];
  noteSent(outside);
  await Promise.all([
    inObservation(async () => {
      noteSent(slow);
      await inCheck(ofTimeout, async () => undefined);
    }),
    inObservation(() => inCheck(ofPoll, async () => noteSent(poll))),
  ]);
  const journal = [outside, slow, poll];
  assert.deepEqual(
    journal.filter((e) => !sentElsewhere(e, ofTimeout)),
    [outside, slow],
  );
  assert.deepEqual(
    journal.filter((e) => !sentElsewhere(e, ofPoll)),
    [outside, poll],
  );
});

test('a matcher judged before Playwright passes and fails as through Playwright, with the same message, under .not too', () => {
  const validator = { name: 'Thing', errorsOf: (value: unknown) => (value === 'good' ? [] : ['/a: missing']) };
  // A reply's body is what toValidateAgainst judges: some validate, some do not.
  const replies = fc
    .record({ status: fc.integer({ min: 100, max: 599 }), json: fc.constantFrom('good', 'bad', undefined) })
    .map(({ status, json }) => ({ ...reply(status), json }));
  const odd = fc.constantFrom(0, -0, NaN, 'a', undefined, null);
  const calls = fc.oneof(
    fc.tuple(fc.constantFrom('toBe2xx', 'toBeRefused', 'toBe2xxOr4xx', 'toBeServerError'), replies, fc.constant([] as unknown[])),
    fc.tuple(fc.constant('toValidateAgainst'), fc.oneof(fc.constantFrom('good', 'bad'), replies), fc.constant([validator] as unknown[])),
    fc.tuple(
      fc.constant('toBe'),
      fc.anything(),
      fc.anything().map((v) => [v]),
    ),
    fc.tuple(
      fc.constant('toBe'),
      odd,
      odd.map((v) => [v]),
    ),
    fc.tuple(fc.constant('toBeDefined'), fc.oneof(odd, fc.anything()), fc.constant([] as unknown[])),
  );
  type Matchers = Record<string, (...args: unknown[]) => void> & { not: Record<string, (...args: unknown[]) => void> };
  const outcome = (expectFn: typeof expect, not: boolean, [matcher, received, args]: [string, unknown, unknown[]]) =>
    failure(() => {
      const matchers = expectFn(received, 'the case') as unknown as Matchers;
      (not ? matchers.not : matchers)[matcher](...args);
    });
  fc.assert(
    fc.property(fc.boolean(), calls, (not, call) => {
      assert.equal(outcome(expect, not, call), outcome(playwrightExpect, not, call));
    }),
    { numRuns: 1000 },
  );
});
