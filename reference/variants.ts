// Conforming variants: the reference behaving differently only where the seeds are silent or
// leave room, so that the suite can be shown to pass every correct implementation, not just the
// reference's own choices. REFERENCE_VARIANTS=name,name switches them on. Each names the silence
// it exercises; `apis` says which APIs' behaviour it changes.
import type { ApiName } from '../lib/requirements.ts';

export interface Variant {
  name: string;
  apis: ApiName[];
  /** Which silence (or latitude) of the seeds it exercises. */
  silence: string;
}

const ALL: ApiName[] = ['jaicp-chat', 'aimylogic-chat', 'edna-threads', 'lia'];
const CHAT: ApiName[] = ['jaicp-chat', 'aimylogic-chat'];

export const VARIANTS: Variant[] = [
  { name: 'error-status-alt', apis: ALL, silence: 'No seed gives status codes for refusals: 400 becomes 422, 401 becomes 403, 404 becomes 400.' },
  { name: 'error-body-text', apis: ALL, silence: 'No seed gives an error body: refusals answer text/plain prose.' },
  { name: 'error-body-empty', apis: ALL, silence: 'No seed gives an error body: refusals answer with no body at all.' },
  { name: 'extra-fields', apis: ALL, silence: 'Answers may carry fields the seeds do not list: every JSON answer gets extra top-level fields.' },
  { name: 'reordered-fields', apis: ALL, silence: 'JSON objects are unordered: every answer lists its fields in reverse order.' },
  { name: 'chat-numeric-ids', apis: CHAT, silence: 'questionId is "идентификатор сообщения" of no given form: ids are numeric strings.' },
  { name: 'chat-bare-values', apis: CHAT, silence: 'The bodies of the status, unread-count and history methods are not public: a bare count, a nested status, a bare array.' },
  { name: 'chat-long-poll-longer', apis: CHAT, silence: 'The long-poll block time is the target\'s to declare: the reference holds polls 3 s (declared maximum 5 s) instead of 0.7 s.' },
  { name: 'chat-retry-spacing', apis: CHAT, silence: 'Seed 000 gives the number of retries, not their spacing: 350 ms apart, still within the declared window.' },
  { name: 'chat-timeout-late-within', apis: CHAT, silence: 'The timeout event is due once the wait is exceeded: it comes 300 ms after the wait, not at once.' },
  { name: 'edna-success-accepted', apis: ['edna-threads'], silence: 'Seed 001 gives no success body for POST /api/v1/chatbot: 202 with a JSON receipt.' },
  { name: 'edna-soft-mode', apis: ['edna-threads'], silence: 'Strict or soft handling of a second answer is a system setting: the reference runs (and declares) soft.' },
  { name: 'edna-strict-refusal-400', apis: ['edna-threads'], silence: '"отклонено" in strict mode gives no code: a second answer is refused with 400, not 409.' },
];

export function parseVariants(spec: string | undefined): Set<string> {
  const names = new Set((spec ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const unknown = [...names].filter((n) => !VARIANTS.some((v) => v.name === n));
  if (unknown.length) throw new Error(`unknown reference variant(s): ${unknown.join(', ')}`);
  return names;
}

const REMAPPED_STATUS: Record<number, number> = { 400: 422, 401: 403, 404: 400 };

function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
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
