// Requests of a derived operation, drawn from its request schema (lib/cases.ts: the same generator,
// seed and replay as the built-in suites), put on the wire, and the answers judged against what the
// document says. A request counts as valid or invalid by what a server reads back from the wire:
// a parameter travels as text, so a number where a string parameter is documented is no invalid
// case, and a value the generator cannot make valid is never sent as a valid one.
import { edgeCasesOf, normalizeJson, sampleValid, RUN_SEED } from '../cases.ts';
import type { Reply, RequestSpec } from '../httpClient.ts';
import { resolveRef, schemaErrors, schemaOf, type JsonSchema } from '../schemas.ts';
import type { Credential } from './credentials.ts';
import type { DocumentedResponse, Location, Operation, RequestInstance } from './operations.ts';

export interface DrawnRequest {
  /** What the request exercises: `generated 3`, `query.limit: exactly maximum 100`. */
  title: string;
  instance: RequestInstance;
}

/** At most this many invalid requests per operation, spread over its parameters and fields. */
const MAX_INVALID = 40;
const LOCATIONS: readonly Location[] = ['path', 'query', 'header', 'cookie'];

/** The seed of an operation's cases: the run's seed, told apart per operation. */
export function seedOf(key: string, salt = 0): number {
  let hash = salt;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return (RUN_SEED + hash) >>> 1;
}

const text = (v: unknown) => (typeof v === 'string' ? v : v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v));

function typesOf(schema: JsonSchema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

/** What a server reads back from the text a parameter value travels as. */
function readBack(doc: string, value: unknown, input: JsonSchema): unknown {
  const schema = resolveRef(doc, input);
  if (Array.isArray(value)) return value.map((v) => readBack(doc, v, (schema.items as JsonSchema | undefined) ?? {}));
  if (value !== null && typeof value === 'object') {
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, readBack(doc, v, properties[k] ?? {})]));
  }
  const wire = text(value);
  const types = typesOf(schema);
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(wire)) return Number(wire);
  if (types.includes('boolean') && (wire === 'true' || wire === 'false')) return wire === 'true';
  return wire;
}

/** The request as the server reads it: parameters read back from their text, the body as JSON. */
function asRead(doc: string, op: Operation, instance: RequestInstance): RequestInstance {
  const request = resolveRef(doc, schemaOf(doc, op.request!));
  const out: RequestInstance = { ...instance };
  for (const location of LOCATIONS) {
    const values = instance[location];
    if (!values) continue;
    const properties = ((request.properties?.[location] as JsonSchema | undefined)?.properties ?? {}) as Record<string, JsonSchema>;
    out[location] = Object.fromEntries(Object.entries(values).map(([name, v]) => [name, readBack(doc, v, properties[name] ?? {})]));
  }
  return out;
}

/** Why a request is not valid as the server reads it (empty when it is). */
export function requestErrors(doc: string, op: Operation, instance: RequestInstance): string[] {
  return schemaErrors(doc, op.request!, asRead(doc, op, instance));
}

/** A request fills every `{name}` of the path (the token's aside): a missing path parameter is another route, not an invalid request. */
function fillsPath(op: Operation, instance: RequestInstance): boolean {
  return op.parameters.every((p) => p.in !== 'path' || instance.path?.[p.name] !== undefined);
}

/**
 * The seed the adapter draws with when it decides which checks an operation gets: every process of
 * a run (the CLI, the runner, each worker) must derive the same catalog, whatever the run's seed.
 */
export const DERIVATION_SEED = 1;

function baseFrom(doc: string, op: Operation, seed: number): RequestInstance | undefined {
  const drawn = sampleValid(doc, op.fullRequest!, 5, seed) as RequestInstance[];
  const withExamples = drawn.map((d) => withDocumentExamples(d, op.examples));
  return [...withExamples, ...drawn].find((r) => fillsPath(op, r) && requestErrors(doc, op, r).length === 0);
}

/**
 * The base that invalid cases break one keyword of: every parameter and top-level field present,
 * the document's examples where it has them. Drawn with the run's seed, else the derivation's
 * (which found one when the operation got its checks).
 */
export function fullBase(doc: string, op: Operation, seed = seedOf(op.key, 1)): RequestInstance | undefined {
  return baseFrom(doc, op, seed) ?? baseFrom(doc, op, DERIVATION_SEED);
}

function withDocumentExamples(drawn: RequestInstance, examples: RequestInstance): RequestInstance {
  const out: RequestInstance = normalizeJson(drawn) as RequestInstance;
  for (const location of LOCATIONS) if (examples[location]) out[location] = { ...out[location], ...examples[location] };
  if (examples.body !== undefined) out.body = examples.body;
  return out;
}

/**
 * Valid requests: the document's examples, one with every parameter present, `count` generated
 * ones, and one exactly at each bound of each parameter and field (a boundary value is valid).
 */
export function validRequests(doc: string, op: Operation, count: number): DrawnRequest[] {
  const base = fullBase(doc, op);
  const drawn: DrawnRequest[] = [];
  const hasExamples = Object.keys(op.examples).length > 0;
  if (base) drawn.push({ title: hasExamples ? "the document's examples, every parameter present" : 'every parameter and field present', instance: base });
  (sampleValid(doc, op.request!, count, seedOf(op.key)) as RequestInstance[]).forEach((instance, i) => drawn.push({ title: `generated ${i + 1}`, instance }));
  if (base) for (const c of edgeCasesOf(doc, op.request!, base)) if (c.expect === 'accept') drawn.push({ title: c.title, instance: c.body as RequestInstance });
  const seen = new Set<string>();
  return drawn.filter(({ instance }) => {
    const key = JSON.stringify(instance);
    if (seen.has(key) || !fillsPath(op, instance) || requestErrors(doc, op, instance).length > 0) return false;
    seen.add(key);
    return true;
  });
}

/** Requests that break one keyword of one parameter or body field of a valid one, each invalid as the server reads it. */
export function invalidRequests(doc: string, op: Operation, seed?: number): DrawnRequest[] {
  const base = fullBase(doc, op, seed);
  if (!base) return [];
  const cases = edgeCasesOf(doc, op.request!, base)
    .filter((c) => c.expect === 'reject')
    // A parameter travels as text: another JSON type is not something a request can carry there.
    .filter((c) => !(c.kind === 'wrong-type' && /^(query|path|header|cookie)\./.test(c.title)))
    .map((c) => ({ title: c.title, instance: c.body as RequestInstance }))
    .filter(({ instance }) => fillsPath(op, instance) && requestErrors(doc, op, instance).length > 0);
  if (cases.length <= MAX_INVALID) return cases;
  const step = cases.length / MAX_INVALID;
  return Array.from({ length: MAX_INVALID }, (_, i) => cases[Math.floor(i * step)]);
}

/** How the token goes with a request: the section's, another one, or none at all. */
export type TokenUse = { value: string } | 'omitted';

function joined(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join(',');
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .flatMap(([k, v]) => [k, text(v)])
      .join(',');
  return text(value);
}

/** The request on the wire: the path filled, the query (form style, exploded unless said otherwise), headers, cookies, the token, the JSON body. */
export function toRequestSpec(op: Operation, instance: RequestInstance, token?: TokenUse): RequestSpec {
  const placement = op.credential?.placement;
  const tokenValue = token && token !== 'omitted' ? `${placement?.prefix ?? ''}${token.value}` : undefined;
  const path = op.path.replace(/{([^}]+)}/g, (_, name: string) =>
    placement?.in === 'path' && placement.name === name ? encodeURIComponent(tokenValue ?? '') : encodeURIComponent(joined(instance.path?.[name] ?? '')),
  );
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(instance.query ?? {})) {
    const explode = op.parameters.find((p) => p.in === 'query' && p.name === name)?.explode ?? true;
    if (Array.isArray(value) && explode) for (const v of value) query.append(name, text(v));
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && explode)
      for (const [k, v] of Object.entries(value)) query.append(k, text(v));
    else query.append(name, joined(value));
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(instance.header ?? {})) headers[name] = joined(value);
  const cookies = Object.entries(instance.cookie ?? {}).map(([name, value]) => `${name}=${joined(value)}`);
  if (placement && tokenValue !== undefined) {
    if (placement.in === 'query') query.append(placement.name, tokenValue);
    if (placement.in === 'header') headers[placement.name] = tokenValue;
    if (placement.in === 'cookie') cookies.push(`${placement.name}=${tokenValue}`);
  }
  if (cookies.length) headers.cookie = cookies.join('; ');
  const body = 'body' in instance && instance.body !== undefined ? instance.body : undefined;
  if (body !== undefined && op.body && !/[*]/.test(op.body.mediaType)) headers['content-type'] = op.body.mediaType;
  const search = query.toString();
  return { method: op.method, path: search ? `${path}?${search}` : path, headers, ...(body !== undefined ? { json: body } : {}) };
}

const rangeOf = (status: number) => `${String(status)[0]}XX`;

/** The response the document gives for a status: the exact code, else its range (2XX), else default. */
export function documentedResponse(op: Operation, status: number): DocumentedResponse | undefined {
  const byCode = (code: string) => op.responses.find((r) => r.code === code);
  return byCode(String(status)) ?? byCode(rangeOf(status)) ?? byCode('default');
}

/** What an answer's judgement reads of a reply. */
type Answer = Pick<Reply, 'status' | 'json' | 'text'>;

/**
 * The documented response an answer is judged against, or undefined when none judges it: its status
 * has no JSON schema, the operation is a HEAD, or the body is not JSON where the response also
 * allows another media type (a wildcard, XML beside JSON).
 */
function judgingResponse(op: Operation, reply: Answer): DocumentedResponse | undefined {
  const response = documentedResponse(op, reply.status);
  if (!response?.schema || op.method === 'HEAD' || (reply.json === undefined && !response.onlyJson)) return undefined;
  return response;
}

/** Whether the operation documents a JSON schema that this answer must match. */
export const isJudgedAnswer = (op: Operation, reply: Answer) => judgingResponse(op, reply) !== undefined;

/** What is wrong with an answer given the response the document gives for its status (empty when nothing, or when nothing judges it). */
export function answerProblems(doc: string, op: Operation, reply: Answer): string[] {
  const response = judgingResponse(op, reply);
  if (!response) return [];
  if (reply.json === undefined)
    return [
      `the answer is not JSON (${reply.text.length ? `${JSON.stringify(reply.text.slice(0, 80))}` : 'an empty body'}), though ${response.code} documents a JSON schema`,
    ];
  return schemaErrors(doc, response.schema!, reply.json);
}

/** The credential as a request without it, or with another one, still shows it. */
export function tokenPlace(credential: Credential): string {
  const { placement } = credential;
  return placement.in === 'header'
    ? `the ${placement.name} header`
    : placement.in === 'path'
      ? `{${placement.name}} in the path`
      : `the ${placement.in} parameter ${placement.name}`;
}
