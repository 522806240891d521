// A repro line for a failed exchange, as Schemathesis prints one: the curl command that sends the
// same request straight to the target. Evidence holds placeholders, never secrets, and so does the
// line: each placeholder becomes the environment variable that holds the secret
// (`$CONFORMANCE_JAICP_CHAT_TOKEN`), which the vendor's shell expands.
import { placeholderOf } from './adapter.ts';
import { isCapped, type Exchange } from './httpClient.ts';
import { escapeRegExp } from './escapeRegExp.ts';
import { HARNESS_HEADER_PREFIX, HOP_BY_HOP } from './secretProxy.ts';
import { secretFields } from './target.ts';

/** Placeholder → the environment variable holding its secret, for every registered profile. */
function secretVariables(): Map<string, string> {
  return new Map(secretFields().map(({ profile, field, env }) => [placeholderOf(profile, field), env]));
}

/**
 * One POSIX shell word: literal text in single quotes (nothing expands there, not even `!` in an
 * interactive bash), each placeholder as a double-quoted "${VARIABLE}" that the shell expands.
 */
function shellWord(text: string, variables: Map<string, string>): string {
  const names = [...variables.keys()].map(escapeRegExp);
  const parts = names.length ? text.split(new RegExp(`(${names.join('|')})`)) : [text];
  const word = parts.map((part, i) => (i % 2 === 1 ? `"\${${variables.get(part)}}"` : part && `'${part.replace(/'/g, `'\\''`)}'`)).join('');
  return word || "''";
}

/** The curl command repeating an exchange against the API's real base URL, secrets as environment variables. */
export function curlRepro(exchange: Pick<Exchange, 'method' | 'path' | 'requestHeaders' | 'requestBody'>, realBaseUrl: string): string {
  const variables = secretVariables();
  const word = (text: string) => shellWord(text, variables);
  const url = /^https?:\/\//.test(exchange.path) ? exchange.path : `${realBaseUrl}${exchange.path}`;
  const words = ['curl', '-i'];
  if (exchange.method !== 'GET') words.push('-X', /^[A-Z]+$/.test(exchange.method) ? exchange.method : word(exchange.method));
  words.push(word(url));
  for (const [name, value] of Object.entries(exchange.requestHeaders)) {
    if (!HOP_BY_HOP.has(name.toLowerCase()) && !name.toLowerCase().startsWith(HARNESS_HEADER_PREFIX)) words.push('-H', word(`${name}: ${value}`));
  }
  const body = exchange.requestBody;
  if (body !== undefined) words.push('--data-binary', word(body));
  const line = words.join(' ');
  return body !== undefined && isCapped(body) ? `${line}  # the evidence kept only the start of the body; so does this line` : line;
}
