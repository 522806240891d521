// Conforming variants every reference server takes (through reference/http.ts): answers that
// differ from the reference's own choices only where the documents are silent, so that the suite
// can be shown to pass every correct implementation, not just the reference's. Each API's
// reference adds variants of its own (reference/<api>/index.ts). REFERENCE_VARIANTS=name,name
// switches them on.
import type { Variant } from '../lib/adapter.ts';

export const SHARED_VARIANTS: Variant[] = [
  { name: 'error-status-alt', silence: 'No seed gives status codes for refusals: 400 becomes 422, 401 becomes 403, 404 becomes 400.' },
  { name: 'error-body-text', family: 'error-body', silence: 'No seed gives an error body: refusals answer text/plain prose.' },
  { name: 'error-body-empty', family: 'error-body', silence: 'No seed gives an error body: refusals answer with no body at all.' },
  { name: 'extra-fields', silence: 'Answers may carry fields the seeds do not list: every JSON answer gets extra top-level fields.' },
  { name: 'reordered-fields', silence: 'JSON objects are unordered: every answer lists its fields in reverse order.' },
  // A real deployment: no document forbids any of these, so none may fail a requirement.
  {
    name: 'slow-answers',
    family: 'load',
    silence: 'No document sets how fast an answer comes: every answer takes 150-400 ms (jitter), long polls and bot answers included.',
  },
  {
    name: 'rate-limited',
    family: 'load',
    silence: 'No document forbids a rate limit: past 25 requests in a second, 429 with Retry-After (in seconds, or as an HTTP date).',
  },
  {
    name: 'clock-ahead',
    family: 'clock',
    silence: "No document says whose clock the server keeps: its clock (Date, timestamps, ts filtering, history) runs 7 s ahead of the harness's.",
  },
  {
    name: 'clock-behind',
    family: 'clock',
    silence: "No document says whose clock the server keeps: its clock (Date, timestamps, ts filtering, history) runs 7 s behind the harness's.",
  },
];

/** How far a server's clock is from the machine's, under the clock variants. */
export const CLOCK_SKEW_MS = 7_000;
/** The request rate past which a rate-limited server refuses. */
export const RATE_LIMIT_PER_SECOND = 25;
/** The jitter range of a slow server's answers. */
export const SLOW_ANSWER_MS = [150, 400] as const;

/** A server's notion of now, under the clock variants. */
export function clockOf(variants: ReadonlySet<string>): () => number {
  const skew = variants.has('clock-ahead') ? CLOCK_SKEW_MS : variants.has('clock-behind') ? -CLOCK_SKEW_MS : 0;
  return () => Date.now() + skew;
}

const REMAPPED_STATUS: Record<number, number> = { 400: 422, 401: 403, 404: 400 };

function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reversed(v)]),
    );
  return value;
}

export interface Rendered {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A JSON answer as the switched-on generic variants render it. `verbatim` answers (a stored object
 * returned "as is") keep their fields; their order may still change.
 */
export function render(variants: ReadonlySet<string>, status: number, body: unknown, verbatim = false): Rendered {
  let out = body;
  let code = status;
  if (status >= 400 && status < 500) {
    if (variants.has('error-status-alt')) code = REMAPPED_STATUS[status] ?? status;
    if (variants.has('error-body-empty')) return { status: code, headers: {}, body: '' };
    if (variants.has('error-body-text')) return { status: code, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'The request was refused.' };
  }
  if (status < 300 && !verbatim && variants.has('extra-fields') && out && typeof out === 'object' && !Array.isArray(out)) {
    out = { ...out, vendorTraceId: 'a1b2c3', vendor: { build: '2026.11', region: 'local' } };
  }
  if (variants.has('reordered-fields')) out = reversed(out);
  return { status: code, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(out) };
}
