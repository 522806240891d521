// Tokens travel in URL paths, query strings, headers and even in bodies that echo them (the webhook
// payload carries the channel token). Everything the harness writes passes through here first.
import { escapeRegExp } from './escapeRegExp.ts';

const MASK = '[redacted]';
const secrets = new Set<string>();
/**
 * Every secret in one pattern, longest first (so a secret that contains another is masked whole):
 * an invocation of many runs (the kill check's two hundred) registers the secrets of each, and a
 * sort and a search per secret for every string of its reports took 4 of its runner's 22 CPU-s.
 * Built on the first use after a registration.
 */
let pattern: RegExp | undefined;

/**
 * Below this length a secret cannot be told apart from ordinary text ("test", "demo"): masking it
 * would rewrite answers and reports wherever those letters occur, so it is not masked (and the
 * runner says so once).
 */
export const MIN_MASKABLE_LENGTH = 8;

export const isMaskable = (secret: string) => secret.length >= MIN_MASKABLE_LENGTH;

/** Adds secrets (and their URL-encoded forms) to the process-wide list; returns the ones too short to mask. */
export function registerSecrets(values: Iterable<string>): string[] {
  const tooShort: string[] = [];
  for (const value of values) {
    if (!value) continue;
    if (!isMaskable(value)) {
      tooShort.push(value);
      continue;
    }
    secrets.add(value);
    secrets.add(encodeURIComponent(value));
    pattern = undefined;
  }
  return tooShort;
}

export function redactSecrets(text: string): string {
  if (secrets.size === 0) return text;
  pattern ??= new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return text.replace(pattern, MASK);
}

/** Redacts every string inside a JSON-like value, keys included; the structure stays as it was. */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), redactDeep(v)])) as T;
  }
  return value;
}
