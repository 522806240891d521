// Generated cases from the schemas. Valid instances come from fast-check arbitraries (replayable
// by seed; realistic strings from faker seeded by fast-check), and edge cases (a value at a limit,
// or one that breaks a keyword) are edits of one valid instance, one keyword at a time
// (Schemathesis' coverage phase). A limit lives in the schema only: change it there and the cases
// change with it.
import fc from 'fast-check';
// The English locale alone: the package's main entry loads every locale (~0.4 s per process), for the same values.
import { faker } from '@faker-js/faker/locale/en';
import { openApi, resolveRef, schemaOf, type JsonSchema } from './schemas.ts';
import { countCases } from './caseTally.ts';
import { isObject } from './isObject.ts';

export type CaseExpectation = 'accept' | 'reject';

/** Which keyword a case exercises. */
export type CaseKind = 'wrong-type' | 'max-length' | 'min-length' | 'enum' | 'maximum' | 'minimum' | 'invalid-example' | 'max-items' | 'missing-required';

export interface GeneratedCase {
  /** Which keyword at which path the case exercises, e.g. `quickReplies[0].text: maxLength 4000 + 1`. */
  title: string;
  kind: CaseKind;
  /** The requirement key the case traces to (from the schema's annotations). */
  requirement: string;
  expect: CaseExpectation;
  body: unknown;
}

type Path = (string | number)[];

const DEFAULT_MAX_STRING = 40;
const DEFAULT_MAX_ITEMS = 3;

/** The seed of this run's generated cases: CONFORMANCE_SEED replays a run (the config sets it once per run). */
export const RUN_SEED = Number(process.env.CONFORMANCE_SEED ?? Date.now() % 2 ** 31);

/** How many valid instances each generated property test sends (CONFORMANCE_CASES). */
export function caseCount(fallback: number): number {
  const n = Number(process.env.CONFORMANCE_CASES);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function fakerValue(method: string, seed: number): string {
  faker.seed(seed);
  let fn: unknown = faker;
  for (const part of method.split('.')) fn = (fn as Record<string, unknown>)[part];
  if (typeof fn !== 'function') throw new Error(`x-faker: no faker method ${method}`);
  return String((fn as () => unknown).call(undefined));
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.const !== undefined) return [typeof schema.const];
  const t = schema.type as string | string[] | undefined;
  // Properties or required fields with no type: the object a document's author means (any other value is valid too, and never drawn).
  if (t === undefined) return schema.properties || schema.required ? ['object'] : [];
  return Array.isArray(t) ? t : [t];
}

/** Thrown for a schema the generator does not draw from: conditional (if/then) schemas describe answers only. */
export class NotGeneratable extends Error {}

/** A fast-check arbitrary for instances of a schema (the subset of JSON Schema the documents need). */
export function arbitraryOf(doc: string, input: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  let schema = resolveRef(doc, input);
  // x-generate narrows what is drawn (real latitudes, say) without being a rule any case tests.
  if (schema['x-generate']) schema = { ...schema, ...schema['x-generate'] };
  const conditional = (schema as { if?: unknown }).if !== undefined || (schema.allOf ?? []).some((s) => (s as { if?: unknown }).if !== undefined);
  if (conditional) throw new NotGeneratable('cannot generate instances of a conditional (if/then) schema');
  if (schema.allOf) {
    const { allOf, ...rest } = schema;
    schema = allOf.reduce<JsonSchema>((merged, part) => mergeParts(merged, resolveRef(doc, part as JsonSchema)), rest as JsonSchema);
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.oneOf || schema.anyOf) {
    return fc.oneof(...(schema.oneOf ?? schema.anyOf ?? []).map((s) => arbitraryOf(doc, s as JsonSchema, depth + 1)));
  }
  switch (typesOf(schema)[0]) {
    case 'string': {
      const formatted = FORMATS[schema.format ?? ''];
      if (formatted) return formatted;
      const minLength = schema.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? DEFAULT_MAX_STRING, DEFAULT_MAX_STRING));
      const fitted = (s: string) => (s.length > maxLength ? s.slice(0, maxLength) : s.padEnd(minLength, 'x'));
      // Unbiased seeds: a faker seed has no edge values, and fast-check's bias towards small ones repeats
      // values that must differ (a list item's identifier is unique across its message).
      if (schema['x-faker']) return fc.noBias(fc.integer({ min: 1, max: 2 ** 30 })).map((seed) => fitted(fakerValue(schema['x-faker']!, seed)));
      if (schema.format === 'uri') {
        // fc.webUrl() builds large tables on first use (~1.8 s per process); plain https URLs serve as well.
        const segment = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), minLength: 1, maxLength: 12 });
        return fc
          .tuple(
            fc.constantFrom('https://example.com', 'https://cdn.example.org', 'http://files.example.net:8080'),
            fc.array(segment, { minLength: 0, maxLength: 3 }),
          )
          .map(([origin, parts]) => `${origin}/${parts.join('/')}`)
          .filter((u) => u.length <= (schema.maxLength ?? Infinity));
      }
      if (schema.pattern)
        return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
      // A required text is not whitespace alone: that would test the bot's patience, not the API.
      return fc.string({ unit: 'grapheme', minLength, maxLength }).filter((t) => minLength === 0 || t.trim().length > 0);
    }
    case 'integer':
    case 'number':
      return numberOf(schema, typesOf(schema)[0] === 'integer');
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const items = schema.items ? arbitraryOf(doc, schema.items as JsonSchema, depth + 1) : fc.jsonValue();
      const minItems = schema.minItems ?? 0;
      const maxItems = depth < MAX_OPTIONAL_DEPTH ? Math.min(schema.maxItems ?? DEFAULT_MAX_ITEMS, DEFAULT_MAX_ITEMS) : 0;
      return fc.array(items, { minLength: minItems, maxLength: Math.max(minItems, maxItems) });
    }
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      const extra = schema.additionalProperties;
      if (properties.length === 0 && extra && typeof extra === 'object') {
        // A map whose values the schema describes (intent name → score, say).
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), arbitraryOf(doc, extra as JsonSchema, depth + 1), {
          maxKeys: Math.min(schema.maxProperties ?? 4, 4),
        });
      }
      if (properties.length === 0 && extra === false) return fc.constant({});
      if (properties.length === 0) {
        // An object the document leaves free ("произвольный объект"): any JSON object, with the keys it requires.
        const anyJson = fc.jsonValue({ maxDepth: depth > 2 ? 0 : 3 }).map(normalizeJson);
        const required = Object.fromEntries((schema.required ?? []).map((k) => [k, anyJson]));
        return fc
          .tuple(fc.dictionary(fc.string({ maxLength: 12 }), anyJson, { maxKeys: Math.min(schema.maxProperties ?? 6, 6) }), fc.record(required))
          .map(([free, fixed]) => ({ ...free, ...fixed }));
      }
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      const required = (schema.required ?? []).filter((k) => properties.some(([name]) => name === k));
      // Deep in a recursive schema (a tree of categories), only what is required: the instance stays finite.
      for (const [name, sub] of properties)
        if (depth < MAX_OPTIONAL_DEPTH || required.includes(name)) record[name] = arbitraryOf(doc, sub as JsonSchema, depth + 1);
      return fc.record(record, { requiredKeys: required });
    }
    default:
      return fc.jsonValue().map(normalizeJson);
  }
}

/** How deep optional properties and array items are drawn (a recursive schema would otherwise never end). */
const MAX_OPTIONAL_DEPTH = 6;

/** allOf parts merged into one schema: their properties and required lists joined, other keywords the last part's. */
function mergeParts(merged: JsonSchema, part: JsonSchema): JsonSchema {
  return {
    ...merged,
    ...part,
    ...(merged.properties || part.properties ? { properties: { ...merged.properties, ...part.properties } } : {}),
    ...(merged.required || part.required ? { required: [...new Set([...(merged.required ?? []), ...(part.required ?? [])])] } : {}),
  };
}

const date = fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
const word = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 1, maxLength: 10 });

/** Strings of the formats documents use most, drawn valid (other formats are drawn as plain text). */
const FORMATS: Record<string, fc.Arbitrary<string>> = {
  'date-time': date.map((d) => d.toISOString()),
  date: date.map((d) => d.toISOString().slice(0, 10)),
  email: fc.tuple(word, word).map(([user, host]) => `${user}@${host}.example.com`),
  uuid: fc.uuid(),
  ipv4: fc.ipV4(),
};

/** Numbers within every bound the schema gives: inclusive and exclusive, and a multiple where it asks for one. */
function numberOf(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMinimum = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined;
  const exclusiveMaximum = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : undefined;
  const min = Math.max(schema.minimum ?? -Infinity, exclusiveMinimum ?? -Infinity);
  const max = Math.min(schema.maximum ?? Infinity, exclusiveMaximum ?? Infinity);
  const low = Number.isFinite(min) ? min : Math.min(-1_000_000, max - 1_000_000);
  const high = Number.isFinite(max) ? max : Math.max(1_000_000, low + 1_000_000);
  const step = schema.multipleOf ?? (integer ? 1 : undefined);
  if (step !== undefined) {
    const first = Math.ceil(low / step) + (min === exclusiveMinimum && Number.isInteger(low / step) ? 1 : 0);
    const last = Math.floor(high / step) - (max === exclusiveMaximum && Number.isInteger(high / step) ? 1 : 0);
    // Rounded to the step's decimals: 37 × 0.01 is 0.37000000000000005 in floating point.
    const decimals = (String(step).split('.')[1] ?? '').length;
    return fc.integer({ min: first, max: Math.max(first, last) }).map((k) => Number((k * step).toFixed(decimals)));
  }
  return fc
    .double({ min: low, max: high, minExcluded: min === exclusiveMinimum, maxExcluded: max === exclusiveMaximum, noNaN: true, noDefaultInfinity: true })
    .map((n) => (Object.is(n, -0) ? 0 : n));
}

/** JSON round trip: -0 and other values JSON cannot keep become what the wire will carry. */
export function normalizeJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value) ?? 'null');
}

/** Instances of a component schema, reproducible from the seed. */
export function sampleValid(doc: string, name: string, count: number, seed = RUN_SEED): unknown[] {
  const values = fc.sample(arbitraryOf(doc, schemaOf(doc, name)), { numRuns: count, seed });
  countCases(values.length);
  return values;
}

// --- edge cases -------------------------------------------------------------------------------

const clone = <T>(v: T): T => structuredClone(v);

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const out = clone(root) as Record<string | number, unknown>;
  let node = out;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return out;
}

function deleteAt(root: unknown, path: Path): unknown {
  const out = clone(root) as Record<string | number, unknown>;
  let node = out;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  delete node[path[path.length - 1]];
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown> | undefined)?.[key];
  return node;
}

const showPath = (path: Path) => (path.length === 0 ? '(body)' : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join(''));

/**
 * A value of another JSON type that no reasonable server coerces into the documented one: servers
 * take a number for a string ("12345") and "yes" or "true" for a boolean, and a document that is
 * silent on types lets them (no case may fail a server for that); none turns an object into a
 * string, text into a number, or an array into an object.
 */
const WRONG_TYPE: Record<string, unknown> = {
  string: { not: 'a string' },
  integer: 'not-a-number',
  number: 'not-a-number',
  boolean: { not: 'a boolean' },
  object: ['not', 'an', 'object'],
  array: { not: 'an array' },
};

/** A string of exactly n characters shaped like the schema (a URL stays a URL, a pattern keeps matching). */
export function stringOfLength(schema: JsonSchema, n: number, like?: unknown): string {
  const padded = (head: string) => (n >= head.length ? head + 'a'.repeat(n - head.length) : 'a'.repeat(n));
  if (schema.format === 'uri' || (typeof like === 'string' && /^https?:\/\//.test(like))) return padded('https://example.com/');
  // A MIME type stays well-formed: type/subtype, the subtype padded ("application/x-aaa…").
  if (schema['x-faker'] === 'system.mimeType' || (typeof like === 'string' && /^[a-z]+\/[\w.+-]+$/i.test(like))) return padded('application/x-');
  // A pattern stays matched, so that only the length is off: the valid value cut, or its last character repeated ("SKU-12" → "SKU-1222").
  if (schema.pattern && typeof like === 'string' && like.length > 0) return n <= like.length ? like.slice(0, n) : like + like.at(-1)!.repeat(n - like.length);
  return 'a'.repeat(n);
}

/** Whether a string a length case sends keeps the node's pattern (else the case would break two things). */
const keepsPattern = (schema: JsonSchema, text: string) => !schema.pattern || new RegExp(schema.pattern, 'u').test(text);

/** Values every enum of a document lists, for near misses taken from a neighbouring enum. */
function documentEnumValues(doc: string): string[] {
  const values = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const e = (node as { enum?: unknown }).enum;
      if (Array.isArray(e)) for (const v of e) if (typeof v === 'string') values.add(v);
      Object.values(node).forEach(walk);
    }
  };
  walk(openApi(doc).components?.schemas);
  return [...values];
}

/**
 * Values outside an enum: a made-up one, and near misses a lenient server may let through — a
 * listed value in the other case, padded with spaces, or cut short; a value another enum of the
 * same document lists; a common status word. Each says what it is in its case's title. The other
 * case and the padding are `lenient`: a server that reads a value case-insensitively or trimmed
 * still takes only the listed values, which is a reading the document leaves open.
 */
export function outsideEnum(doc: string, listed: unknown[]): { value: string; why: string; lenient?: boolean }[] {
  const first = listed.find((v): v is string => typeof v === 'string');
  const candidates: { value: string; why: string; lenient?: boolean }[] = [{ value: '__NOT_IN_ENUM__', why: 'a made-up value:' }];
  if (first !== undefined) {
    const otherCase = first === first.toLowerCase() ? first.toUpperCase() : first.toLowerCase();
    candidates.push({ value: otherCase, why: `${JSON.stringify(first)} in the other case:`, lenient: true });
    candidates.push({ value: ` ${first} `, why: `${JSON.stringify(first)} padded with spaces:`, lenient: true });
    if (first.length > 1) candidates.push({ value: first.slice(0, -1), why: `${JSON.stringify(first)} cut short:` });
  }
  const neighbour = documentEnumValues(doc).find((v) => !listed.includes(v));
  if (neighbour !== undefined) candidates.push({ value: neighbour, why: 'a value another enum of the document lists:' });
  candidates.push({ value: 'UNKNOWN', why: 'a common status word:' });
  const seen = new Set<string>();
  return candidates.filter(({ value }) => !listed.includes(value) && !seen.has(value) && (seen.add(value), true));
}

/** An annotated node of the base instance, as the case makers see it. */
interface AnnotatedNode {
  doc: string;
  schema: JsonSchema;
  types: string[];
  /** The node's value in the base. */
  value: unknown;
  /** Its x-requirement: what a value that breaks a keyword violates. */
  requirement: string;
}

/** A value put in place of the node's, what it exercises, and whether the schema takes it; undefined requirement: no case. */
interface Edit {
  kind: CaseKind;
  /** What the value is, after the node's path in the case's title. */
  title: string;
  requirement: string | undefined;
  expect: CaseExpectation;
  value: unknown;
}

const edit =
  (expect: CaseExpectation) =>
  (kind: CaseKind, title: string, requirement: string | undefined, value: unknown): Edit => ({ kind, title, requirement, expect, value });
const [accept, reject] = [edit('accept'), edit('reject')];

/** How far past a numeric bound a value steps: one for an integer, a hundredth otherwise. */
const stepOf = (types: string[]) => (types[0] === 'integer' ? 1 : 0.01);

/**
 * The case makers, one per keyword, in the order their cases come. A node whose limits must be
 * accepted (x-requirement-boundary) also gets the value exactly at each inclusive bound, under
 * that key; the near misses a lenient server may take go under the enum's x-requirement-exact.
 */
const CASE_MAKERS: ((node: AnnotatedNode) => Edit[])[] = [
  // A value of another JSON type, one no reasonable server coerces.
  ({ types, requirement }) => {
    const wrong = types.length === 1 ? WRONG_TYPE[types[0]] : undefined;
    return wrong === undefined ? [] : [reject('wrong-type', `wrong type (${JSON.stringify(wrong)} for ${types[0]})`, requirement, wrong)];
  },
  // Strings at a length limit and past it, shaped like the base's value: only the length is off.
  ({ schema, value, requirement }) => {
    if (schema.maxLength === undefined) return [];
    const [atMax, overMax] = [stringOfLength(schema, schema.maxLength, value), stringOfLength(schema, schema.maxLength + 1, value)];
    if (!keepsPattern(schema, atMax) || !keepsPattern(schema, overMax)) return [];
    return [
      accept('max-length', `exactly maxLength ${schema.maxLength}`, schema['x-requirement-boundary'] ?? requirement, atMax),
      reject('max-length', `maxLength ${schema.maxLength} + 1`, requirement, overMax),
    ];
  },
  ({ schema, value, requirement }) => {
    if (schema.minLength === undefined || schema.minLength <= 0) return [];
    const underMin = stringOfLength(schema, schema.minLength - 1, value);
    return keepsPattern(schema, underMin) ? [reject('min-length', `minLength ${schema.minLength} - 1`, requirement, underMin)] : [];
  },
  // Values outside the enum, and near misses of a listed one.
  ({ doc, schema, requirement }) =>
    (schema.enum ? outsideEnum(doc, schema.enum) : []).map(({ value, why, lenient }) =>
      reject(
        'enum',
        `${why} ${JSON.stringify(value)}, outside enum ${JSON.stringify(schema.enum)}`,
        lenient ? schema['x-requirement-exact'] : requirement,
        value,
      ),
    ),
  // Numbers past each bound, and exactly at it where it is inclusive and the node has a boundary key.
  ({ schema, types, requirement }) =>
    schema.maximum === undefined ? [] : [reject('maximum', `maximum ${schema.maximum} exceeded`, requirement, schema.maximum + stepOf(types))],
  ({ schema, types, requirement }) =>
    schema.minimum === undefined ? [] : [reject('minimum', `below minimum ${schema.minimum}`, requirement, schema.minimum - stepOf(types))],
  ({ schema }) =>
    schema['x-requirement-boundary'] && schema.maximum !== undefined
      ? [accept('maximum', `exactly maximum ${schema.maximum}`, schema['x-requirement-boundary'], schema.maximum)]
      : [],
  ({ schema }) =>
    schema['x-requirement-boundary'] && schema.minimum !== undefined
      ? [accept('minimum', `exactly minimum ${schema.minimum}`, schema['x-requirement-boundary'], schema.minimum)]
      : [],
  ({ schema, requirement }) =>
    typeof schema.exclusiveMaximum === 'number'
      ? [reject('maximum', `exactly exclusiveMaximum ${schema.exclusiveMaximum}`, requirement, schema.exclusiveMaximum)]
      : [],
  ({ schema, requirement }) =>
    typeof schema.exclusiveMinimum === 'number'
      ? [reject('minimum', `exactly exclusiveMinimum ${schema.exclusiveMinimum}`, requirement, schema.exclusiveMinimum)]
      : [],
  // The schema's own examples of invalid values.
  ({ schema, requirement }) =>
    ((schema as { 'x-invalid-examples'?: unknown[] })['x-invalid-examples'] ?? []).map((bad) =>
      reject('invalid-example', `invalid value ${JSON.stringify(bad).slice(0, 40)}`, requirement, bad),
    ),
  ({ schema, value, requirement }) => {
    if (schema.maxItems === undefined || !Array.isArray(value) || value.length === 0) return [];
    // An array exactly at maxItems and one over, the base's items repeated.
    const fill = (n: number) => Array.from({ length: n }, (_, i) => clone(value[i % value.length]));
    return [
      accept('max-items', `exactly maxItems ${schema.maxItems}`, schema['x-requirement-boundary'] ?? requirement, fill(schema.maxItems)),
      reject('max-items', `maxItems ${schema.maxItems} + 1`, requirement, fill(schema.maxItems + 1)),
    ];
  },
];

/**
 * Edge cases: one keyword of one annotated node at its limit or broken, one at a time, starting
 * from a valid base instance. Only nodes present in the base are visited: a base meant to exercise an
 * optional field's limits carries that field.
 */
export function edgeCasesOf(doc: string, name: string, base: unknown): GeneratedCase[] {
  const cases: GeneratedCase[] = [];
  const visit = (input: JsonSchema, path: Path, value: unknown) => {
    const schema = resolveRef(doc, input);
    const requirement = schema['x-requirement'];
    if (requirement) {
      const node: AnnotatedNode = { doc, schema, types: typesOf(schema), value, requirement };
      // An edit with no requirement (a lenient near miss of an enum without x-requirement-exact) makes no case.
      for (const change of CASE_MAKERS.flatMap((make) => make(node)))
        if (change.requirement)
          cases.push({
            kind: change.kind,
            title: `${showPath(path)}: ${change.title}`,
            requirement: change.requirement,
            expect: change.expect,
            body: setAt(base, path, change.value),
          });
    }
    const isRecord = isObject(value);
    const requiredReq = schema['x-requirement-required'];
    if (requiredReq && isRecord) {
      for (const key of schema.required ?? []) {
        if (key in value)
          cases.push({
            kind: 'missing-required',
            title: `${showPath([...path, key])}: required field missing`,
            requirement: requiredReq,
            expect: 'reject',
            body: deleteAt(base, [...path, key]),
          });
      }
    }
    if (schema.properties && isRecord) {
      for (const [key, sub] of Object.entries(schema.properties)) {
        if (key in value) visit(sub as JsonSchema, [...path, key], value[key]);
      }
    }
    if (schema.items && Array.isArray(value) && value.length > 0) visit(schema.items as JsonSchema, [...path, 0], value[0]);
  };
  visit(schemaOf(doc, name), [], base);
  countCases(cases.length);
  return cases;
}

export { getAt as valueAt };
