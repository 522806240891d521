// The target file: where the implementations under test are. Validated against
// schemas/target.schema.json before any test starts; a bad file yields one message naming the field.
import { readFileSync } from 'node:fs';
import { isObject } from './isObject.ts';
import { parseTargetText } from './targetJson.ts';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { ajv2020 } from './lazyAjv.ts';
import { placeholderOf, secretEnv, type ApiAdapter, type Section } from './adapter.ts';
import { adapterOf, adapters, allRequirements } from './registry.ts';
import type { Limits } from './pacing.ts';
import type { OffsetBounds, StampBounds } from './serverClock.ts';
import type { ProxyRoute } from './secretProxy.ts';

export interface Target {
  name: string;
  /** Set by global setup for sections whose host could not be used: profile → reason. */
  unreachable?: Record<string, string>;
  /**
   * Set by global setup from the preflight: per profile, how fast the target answered and how its
   * clocks stand to ours (its Date header's, and its application's where the answer carries its time).
   */
  measured?: Record<string, { latencyMs?: number; clock?: OffsetBounds; applicationClock?: StampBounds }>;
  /** The run's time budget as the file gives it (`15m`); --budget wins. */
  budget?: string;
  /** The lowest level whose failures fail the run (`must` unless the file says `should`); --gate wins. */
  gate?: 'must' | 'should';
  /** One section per profile, defaults filled in by its adapter. */
  apis: Record<string, Section>;
  expectedFailures: { id: string; reason: string }[];
}

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

const schemaUrl = new URL('../schemas/target.schema.json', import.meta.url);
/**
 * Validators of the registered adapters, one per set of sections a file has: the file's frame with
 * a section schema for each of those profiles (a name of no profile is an unknown field all the
 * same). Compiling every profile's section took 0.1 CPU-s of each run's start, in the CLI and again
 * in Playwright's runner, for a file of one section as for one of four.
 */
let compiled: { for: readonly ApiAdapter[]; bySections: Map<string, ValidateFunction> } | undefined;
function validateTargetJson(data: unknown): ErrorObject[] {
  const list = adapters();
  if (compiled?.for !== list) compiled = { for: list, bySections: new Map() };
  const apis = isObject(data) && isObject(data.apis) ? data.apis : {};
  const present = list.flatMap((adapter) => adapter.profiles.filter(({ name }) => Object.hasOwn(apis, name)).map(({ name }) => ({ adapter, name })));
  const key = present.map(({ name }) => name).join(',');
  let validate = compiled.bySections.get(key);
  if (!validate) {
    // Not checked against JSON Schema's meta-schema here (half of the compile, in every run's setup): tests/target.test.ts does that once.
    const Ajv2020 = ajv2020();
    const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, validateSchema: false });
    const frame = JSON.parse(readFileSync(schemaUrl, 'utf8')) as { properties: { apis: { properties: Record<string, unknown> } } };
    for (const adapter of new Set(present.map((p) => p.adapter))) ajv.addSchema(adapter.section.schema);
    for (const { adapter, name } of present) {
      // The shared fields and the adapter's own, and no other: unevaluatedProperties sees through both.
      frame.properties.apis.properties[name] = {
        type: 'object',
        allOf: [{ $ref: '#/$defs/section' }, { $ref: String(adapter.section.schema.$id) }],
        unevaluatedProperties: false,
      };
    }
    validate = ajv.compile(frame);
    compiled.bySections.set(key, validate);
  }
  return validate(data) ? [] : (validate.errors ?? []);
}

function fieldPath(instancePath: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.length ? parts.join('.') : '(top level)';
}

/** One sentence per ajv error, naming the field as a vendor wrote it. */
export function describeSchemaError(e: ErrorObject): string {
  const at = fieldPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field "${String(params.additionalProperty)}"`;
    case 'unevaluatedProperties':
      return `${at}: unknown field "${String(params.unevaluatedProperty)}"`;
    case 'required':
      return `${at}: missing required field "${String(params.missingProperty)}"`;
    case 'enum':
      return `${at}: must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'pattern': {
      const description = (e.parentSchema as { description?: string } | undefined)?.description;
      return `${at}: ${description ? `expected ${description}` : `must match ${String(params.pattern)}`}`;
    }
    default:
      return `${at}: ${e.message ?? e.keyword}`;
  }
}

/** Every secret field of every profile, with the environment variable that may supply it. */
export function secretFields(): { profile: string; field: string; env: string }[] {
  return adapters().flatMap((a) => a.profiles.flatMap(({ name }) => a.section.secrets.map((field) => ({ profile: name, field, env: secretEnv(name, field) }))));
}

/**
 * What a missing secret field's line adds: the variable that may hold it, for a CI job that keeps
 * secrets out of the file and forgot to set one (or set it empty: an unset CI secret expands to nothing).
 */
function secretHint(e: ErrorObject, env: NodeJS.ProcessEnv): string {
  if (e.keyword !== 'required') return '';
  const missing = String((e.params as { missingProperty?: unknown }).missingProperty);
  const secret = secretFields().find(({ profile, field }) => e.instancePath === `/apis/${profile}` && field === missing);
  return secret ? ` (or set ${secret.env}${env[secret.env] === '' ? ': it is set, but empty' : ''})` : '';
}

function applySecretOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const apis = raw.apis;
  if (!apis || typeof apis !== 'object') return;
  for (const { profile, field, env: name } of secretFields()) {
    const section = (apis as Record<string, unknown>)[profile];
    const value = env[name];
    if (value && section && typeof section === 'object') (section as Record<string, unknown>)[field] = value;
  }
}

/** The one error of a document that is not valid: what is wrong, a line each. */
const notValid = (origin: string, lines: readonly string[]) => new TargetError(`${origin} is not valid:\n  - ${lines.join('\n  - ')}`);

/** Validates a parsed target document and fills in the defaults. Throws TargetError naming the field. */
export function resolveTarget(raw: unknown, env: NodeJS.ProcessEnv = process.env, origin = 'target file'): Target {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) applySecretOverrides(raw as Record<string, unknown>, env);
  const errors = validateTargetJson(raw);
  if (errors.length) {
    // The deepest error is the most specific; ajv also reports the enclosing $ref failures.
    const lines = [...new Set(errors.map((e) => describeSchemaError(e) + secretHint(e, env)))];
    throw notValid(origin, lines);
  }
  const known = new Set(allRequirements().map((r) => r.id));
  const unknown = ((raw as { expectedFailures?: { id: string }[] }).expectedFailures ?? []).filter((e) => !known.has(e.id));
  if (unknown.length) {
    // A typo must not silently expect nothing.
    const lines = unknown.map((e) => `expectedFailures: unknown requirement id "${e.id}" (ids are <api>.<key>; --list prints them)`);
    throw notValid(origin, lines);
  }
  return withDefaults(raw as TargetDocument, origin);
}

/**
 * The embedded reference's description of itself, its sections given their defaults as a file's are,
 * but not validated: the reference writes it, and tests/target.test.ts holds it to the schema. The
 * validator's compile was a tenth of a CPU-second of each run's start, before its first test.
 */
export function resolveReferenceTarget(described: Target, origin: string): Target {
  return withDefaults(described, origin);
}

/** A target document as the schema admits it. */
interface TargetDocument {
  name?: string;
  apis: Record<string, Section>;
  expectedFailures?: Target['expectedFailures'];
  budget?: string;
  gate?: Target['gate'];
}

/** The document's sections with their adapters' defaults. Throws TargetError naming what contradicts itself. */
function withDefaults(doc: TargetDocument, origin: string): Target {
  const apis: Target['apis'] = {};
  const contradictions: string[] = [];
  for (const [profile, section] of Object.entries(doc.apis)) {
    try {
      apis[profile] = adapterOf(profile).section.resolve(profile, { ...section, baseUrl: section.baseUrl.replace(/\/+$/, '') });
    } catch (err) {
      // What the schema cannot say (one field against another), the adapter's resolve says, naming the field.
      if (!(err instanceof TargetError)) throw err;
      contradictions.push(err.message);
    }
  }
  if (contradictions.length) throw notValid(origin, contradictions);
  return {
    name: doc.name ?? 'unnamed target',
    apis,
    expectedFailures: doc.expectedFailures ?? [],
    ...(doc.budget ? { budget: doc.budget } : {}),
    ...(doc.gate ? { gate: doc.gate } : {}),
  };
}

/** The addresses the webhook sink listens on for these targets' sections, each once. */
export function webhookListens(targets: readonly Target[]): string[] {
  const all = targets.flatMap((t) => Object.entries(t.apis).flatMap(([profile, section]) => adapterOf(profile).section.webhookListens?.(section) ?? []));
  return [...new Set(all)];
}

/** Reads and parses a target file, not yet validated. Throws TargetError with a message fit for a terminal. */
export function readTargetJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TargetError(`cannot read target file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return parseTargetText(text);
  } catch (err) {
    throw new TargetError(`target file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Where a runner hands its workers the outline of the target file it validated (they inherit its environment). */
export const TARGET_OUTLINE_ENV = 'CONFORMANCE_TARGET_OUTLINE';

/** What a run's config needs of the target file: its budget and the APIs it has a section for. */
export interface TargetOutline {
  budget?: string;
  sections: string[];
}

/**
 * The outline of the target file at `path`: read and validated once, in Playwright's runner,
 * and handed in the environment to its workers, which load the config again (compiling the
 * validator cost each of a deployment run's ten workers a tenth of a second of busy cores).
 * Throws TargetError.
 */
export function targetOutline(path: string, env: NodeJS.ProcessEnv = process.env): TargetOutline {
  const handed = handedOutline(env[TARGET_OUTLINE_ENV]);
  if (handed?.path === path) return { ...(handed.budget ? { budget: handed.budget } : {}), sections: handed.sections };
  const file = loadTargetFile(path, env);
  const outline = { ...(file.budget ? { budget: file.budget } : {}), sections: Object.keys(file.apis) };
  env[TARGET_OUTLINE_ENV] = JSON.stringify({ path, ...outline });
  return outline;
}

/** The outline a runner handed on, or undefined for none or one that is not (set by hand, say). */
function handedOutline(text: string | undefined): (TargetOutline & { path: string }) | undefined {
  try {
    const value = text ? (JSON.parse(text) as unknown) : undefined;
    const ok =
      isObject(value) &&
      typeof value.path === 'string' &&
      (value.budget === undefined || typeof value.budget === 'string') &&
      Array.isArray(value.sections) &&
      value.sections.every((s) => typeof s === 'string');
    return ok ? (value as unknown as TargetOutline & { path: string }) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads, parses and validates a target file. Throws TargetError with a message fit for a terminal. */
export function loadTargetFile(path: string, env: NodeJS.ProcessEnv = process.env): Target {
  return resolveTarget(readTargetJson(path), env, `target file ${path}`);
}

/** Every secret the target holds, for redaction. */
export function secretsOf(target: Target): string[] {
  return Object.entries(target.apis).flatMap(([profile, section]) =>
    adapterOf(profile)
      .section.secrets.map((field) => section[field])
      .filter((v): v is string => typeof v === 'string' && v !== ''),
  );
}

/**
 * The target as workers see it: every base URL points at the secret proxy (under the route name
 * `prefix + profile`; the real one is kept as realBaseUrl) and every secret is a placeholder.
 * Returns the proxy's routes alongside.
 */
export function behindProxy(target: Target, proxyUrl: string, prefix = ''): { target: Target; routes: Map<string, ProxyRoute> } {
  const routes = new Map<string, ProxyRoute>();
  const apis: Record<string, Section> = {};
  for (const [profile, section] of Object.entries(target.apis)) {
    const fields = adapterOf(profile).section.secrets;
    const substitutions = fields.map((field) => ({ real: String(section[field]), placeholder: placeholderOf(profile, field) }));
    const route = `${prefix}${profile}`;
    routes.set(route, { upstream: section.baseUrl, substitutions, limits: section.limits as Limits | undefined });
    apis[profile] = {
      ...section,
      baseUrl: `${proxyUrl}/${route}`,
      realBaseUrl: section.baseUrl,
      ...Object.fromEntries(substitutions.map((s, i) => [fields[i], s.placeholder])),
    };
  }
  return { target: { ...target, apis }, routes };
}
