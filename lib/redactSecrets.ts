// Tokens travel in URL paths, query strings, headers and even in bodies that echo them (the webhook
// payload carries the channel token). Everything the harness writes passes through here first.

const MASK = '[redacted]';
const secrets = new Set<string>();

/** Adds secrets (and their URL-encoded forms) to the process-wide list. */
export function registerSecrets(values: Iterable<string>): void {
  for (const value of values) {
    if (!value) continue;
    secrets.add(value);
    secrets.add(encodeURIComponent(value));
  }
}

export function redactSecrets(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/** Redacts every string inside a JSON-like value, keys included. */
export function redactDeep<T>(value: T): T {
  return JSON.parse(redactSecrets(JSON.stringify(value) ?? 'null')) as T;
}
