// The repro line of a failed exchange: run by a real shell, it sends what the harness sent, to the
// target's real base URL, with each secret taken from its environment variable; the line itself
// holds the variable's name, never the secret.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { placeholderOf, secretEnv } from '../lib/adapter.ts';
import { curlRepro } from '../lib/curlRepro.ts';

const TOKEN = placeholderOf('jaicp-chat', 'token');
const KEY = placeholderOf('lia', 'key');

/** The words a POSIX shell makes of the line, read through a `curl` function that prints them. */
function wordsOf(line: string, env: Record<string, string>): string[] {
  const out = execFileSync('sh', ['-c', `curl() { printf '%s\\0' "$@"; }\n${line}`], { env: { PATH: process.env.PATH, ...env } });
  return out.toString('utf8').split('\0').slice(0, -1);
}

test('the shell gets the real base URL, the method, the headers and the body byte for byte, secrets from the environment', () => {
  const body = `{"query":"it's $HOME \`id\` !! \\"quoted\\" ${TOKEN}\\n","a":"\\\\"}`;
  const line = curlRepro(
    {
      method: 'POST',
      path: `/chatapi/${TOKEN}?clientId=a&b='c'`,
      requestHeaders: { 'content-type': 'application/json', 'x-api-key': KEY, 'x-conformance-deadline-ms': '15000', connection: 'keep-alive' },
      requestBody: body,
    },
    'https://chat.acme.example/bot',
  );
  const secrets = { [secretEnv('jaicp-chat', 'token')]: 'real-token-Zq9', [secretEnv('lia', 'key')]: 'real key with spaces' };
  assert.ok(line.includes('${CONFORMANCE_JAICP_CHAT_TOKEN}') && line.includes('${CONFORMANCE_LIA_KEY}'), line);
  assert.ok(!line.includes(TOKEN) && !line.includes(KEY), 'no placeholder is left for the vendor to fill in');
  assert.deepEqual(wordsOf(line, secrets), [
    '-i',
    '-X',
    'POST',
    "https://chat.acme.example/bot/chatapi/real-token-Zq9?clientId=a&b='c'",
    '-H',
    'content-type: application/json',
    '-H',
    'x-api-key: real key with spaces',
    '--data-binary',
    body.replace(TOKEN, 'real-token-Zq9'),
  ]);
});

test('a GET has no method flag and no body; a body cut at the evidence cap says so', () => {
  const get = curlRepro({ method: 'GET', path: '/api/v1/status', requestHeaders: {} }, 'http://127.0.0.1:8080');
  assert.equal(get, "curl -i 'http://127.0.0.1:8080/api/v1/status'");
  const capped = curlRepro({ method: 'POST', path: '/', requestHeaders: {}, requestBody: `${'x'.repeat(16 * 1024)}… [10 more characters]` }, 'http://h');
  assert.match(capped, /# the evidence kept only the start of the body/);
});
