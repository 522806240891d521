// The harness's fixtures are declared without Playwright's steps (fixtures/withoutSteps.ts): each
// becomes `[fn, { box: 'self' }]`, keeping the options it had; an option's value is left alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withoutSteps } from '../fixtures/withoutSteps.ts';

test("every fixture function is boxed 'self', its options kept; an option's value is not touched", () => {
  const plain = async () => {};
  const auto = async () => {};
  const declared = withoutSteps({ plain, auto: [auto, { auto: true, scope: 'worker' }], apiName: ['', { option: true }], profile: ['lia', { box: 'self' }] });
  assert.deepEqual(declared, {
    plain: [plain, { box: 'self' }],
    auto: [auto, { auto: true, scope: 'worker', box: 'self' }],
    apiName: ['', { option: true }],
    profile: ['lia', { box: 'self' }],
  });
});
