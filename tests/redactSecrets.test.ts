import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactDeep, redactSecrets, registerSecrets } from '../lib/redactSecrets.ts';

test('secrets are masked wherever they stand, URL-encoded forms included', () => {
  registerSecrets(['s3cr3t/tok+en', 's3cr3t-key']);
  assert.equal(redactSecrets('GET /chatapi/s3cr3t%2Ftok%2Ben/events?key=s3cr3t-key'), 'GET /chatapi/[redacted]/events?key=[redacted]');
  assert.equal(redactSecrets('Authorization: Bearer s3cr3t/tok+en'), 'Authorization: Bearer [redacted]');
  assert.deepEqual(redactDeep({ token: 's3cr3t-key', nested: [{ 's3cr3t-key': 'x' }] }), { token: '[redacted]', nested: [{ '[redacted]': 'x' }] });
});

test('text without secrets is left alone', () => {
  assert.equal(redactSecrets('nothing to hide'), 'nothing to hide');
});

test('a secret too short to tell from text is not masked, and is reported as such', () => {
  assert.deepEqual(registerSecrets(['abc', 'long-enough-secret']), ['abc']);
  assert.equal(redactSecrets('abc long-enough-secret'), 'abc [redacted]');
});

test('a secret that contains another is masked whole; a secret is matched as written, never as a pattern', () => {
  registerSecrets(['inner-secret', 'inner-secret-and-more', 'dots.and(parens)*']);
  assert.equal(redactSecrets('a inner-secret-and-more b inner-secret'), 'a [redacted] b [redacted]');
  assert.equal(redactSecrets('dotsXand(parens)) dots.and(parens)*'), 'dotsXand(parens)) [redacted]');
});
