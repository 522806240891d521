// The target file: where the implementations under test are. Validated against
// schemas/target.schema.json before any test starts; a bad file yields one message naming the field.
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { allRequirements } from './catalogs.ts';
import type { ApiName } from './requirements.ts';
import type { ProxyRoute } from './secretProxy.ts';

export interface ChatApiTarget {
  baseUrl: string;
  token: string;
  webhook?: { listen: string };
  paths: { stateSave: string; stateLoad: string; historyPeriodQuery: string };
  events: { tsFormat: 'epoch-ms' | 'iso' };
  timing: { longPollMinBlockMs: number; longPollMaxMs: number; webhookRetryWindowMs: number; asyncAnswerTimeoutMs: number; clockToleranceMs: number };
  bot: { event?: string; customField?: { query: string; field: string; value: unknown }; slowQuery?: string };
}

export interface EdnaSession { sessionId: string; questionIndex: number }
export interface EdnaThreadsTarget {
  baseUrl: string;
  token: string;
  tenant?: string;
  answerIdMode?: 'strict' | 'soft';
  fixtures: {
    threadsClientIds?: number[];
    clientIds?: string[];
    questionIds?: number[];
    sessions?: EdnaSession[];
    emailSessions?: EdnaSession[];
    unknown?: { questionId?: number; threadsClientId?: number; sessionId?: string };
  };
}

export interface LiaTarget { baseUrl: string; key: string }

export interface Target {
  name: string;
  /** Set by global setup for sections whose host could not be reached: api → reason. */
  unreachable?: Partial<Record<ApiName, string>>;
  apis: {
    'jaicp-chat'?: ChatApiTarget;
    'aimylogic-chat'?: ChatApiTarget;
    'edna-threads'?: EdnaThreadsTarget;
    lia?: LiaTarget;
  };
  expectedFailures: { id: string; reason: string }[];
}

/** Defaults for what the seeds give (the 3 s async wait) or leave to the target (paths not public). */
export const CHAT_API_DEFAULTS = {
  paths: {
    // Not public (EVIDENCE.md): clearly named harness defaults, overridable per target.
    stateSave: '/chatapi/{token}/client/{clientId}/state',
    stateLoad: '/chatapi/{token}/client/{clientId}/state',
    historyPeriodQuery: 'from={from}&to={to}',
  },
  events: { tsFormat: 'epoch-ms' as const },
  timing: {
    longPollMinBlockMs: 1000,
    longPollMaxMs: 30000,
    webhookRetryWindowMs: 60000,
    // seed 000: "Время ожидания между ответами при асинхронных запросах составляет три секунды."
    asyncAnswerTimeoutMs: 3000,
    // NTP keeps clocks within milliseconds; a quarter second leaves room for the request itself.
    clockToleranceMs: 250,
  },
};

/** Which field of each section is a secret, and the environment variable that may supply it. */
export const SECRET_FIELDS: Record<ApiName, { field: string; env: string }> = {
  'jaicp-chat': { field: 'token', env: 'CONFORMANCE_JAICP_CHAT_TOKEN' },
  'aimylogic-chat': { field: 'token', env: 'CONFORMANCE_AIMYLOGIC_CHAT_TOKEN' },
  'edna-threads': { field: 'token', env: 'CONFORMANCE_EDNA_THREADS_TOKEN' },
  lia: { field: 'key', env: 'CONFORMANCE_LIA_KEY' },
};

export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

const schemaUrl = new URL('../schemas/target.schema.json', import.meta.url);
let validator: ReturnType<Ajv2020['compile']> | undefined;
function validateTargetJson(data: unknown): ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
    validator = ajv.compile(JSON.parse(readFileSync(schemaUrl, 'utf8')));
  }
  return validator(data) ? [] : (validator.errors ?? []);
}

function fieldPath(instancePath: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.length ? parts.join('.') : '(top level)';
}

/** One sentence per ajv error, naming the field as a vendor wrote it. */
export function describeSchemaError(e: ErrorObject): string {
  const at = fieldPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field "${String(params.additionalProperty)}"`;
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

function applySecretOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const apis = raw.apis;
  if (!apis || typeof apis !== 'object') return;
  for (const [api, { field, env: name }] of Object.entries(SECRET_FIELDS)) {
    const section = (apis as Record<string, unknown>)[api];
    const value = env[name];
    if (value && section && typeof section === 'object') (section as Record<string, unknown>)[field] = value;
  }
}

function withChatDefaults(section: Partial<ChatApiTarget> & { baseUrl: string; token: string }): ChatApiTarget {
  return {
    ...section,
    baseUrl: section.baseUrl.replace(/\/+$/, ''),
    paths: { ...CHAT_API_DEFAULTS.paths, ...section.paths },
    events: { ...CHAT_API_DEFAULTS.events, ...section.events },
    timing: { ...CHAT_API_DEFAULTS.timing, ...section.timing },
    bot: { ...section.bot },
  };
}

/** Validates a parsed target document and fills in the defaults. Throws TargetError naming the field. */
export function resolveTarget(raw: unknown, env: NodeJS.ProcessEnv = process.env, origin = 'target file'): Target {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) applySecretOverrides(raw as Record<string, unknown>, env);
  const errors = validateTargetJson(raw);
  if (errors.length) {
    // The deepest error is the most specific; ajv also reports the enclosing $ref failures.
    const lines = [...new Set(errors.map(describeSchemaError))];
    throw new TargetError(`${origin} is not valid:\n  - ${lines.join('\n  - ')}`);
  }
  const known = new Set(allRequirements().map((r) => r.id));
  const unknown = ((raw as { expectedFailures?: { id: string }[] }).expectedFailures ?? []).filter((e) => !known.has(e.id));
  if (unknown.length) {
    // A typo must not silently expect nothing.
    const lines = unknown.map((e) => `expectedFailures: unknown requirement id "${e.id}" (ids are <api>.<key>; --list prints them)`);
    throw new TargetError(`${origin} is not valid:\n  - ${lines.join('\n  - ')}`);
  }
  const doc = raw as {
    name?: string;
    apis: Record<string, Record<string, unknown>>;
    expectedFailures?: Target['expectedFailures'];
  };
  const apis: Target['apis'] = {};
  for (const api of ['jaicp-chat', 'aimylogic-chat'] as const) {
    const section = doc.apis[api];
    if (section) apis[api] = withChatDefaults(section as unknown as ChatApiTarget);
  }
  const edna = doc.apis['edna-threads'] as unknown as EdnaThreadsTarget | undefined;
  if (edna) apis['edna-threads'] = { ...edna, baseUrl: edna.baseUrl.replace(/\/+$/, ''), fixtures: { ...edna.fixtures } };
  const lia = doc.apis.lia as unknown as LiaTarget | undefined;
  if (lia) apis.lia = { ...lia, baseUrl: lia.baseUrl.replace(/\/+$/, '') };
  return { name: doc.name ?? 'unnamed target', apis, expectedFailures: doc.expectedFailures ?? [] };
}

/** Reads, parses and validates a target file. Throws TargetError with a message fit for a terminal. */
export function loadTargetFile(path: string, env: NodeJS.ProcessEnv = process.env): Target {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TargetError(`cannot read target file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new TargetError(`target file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return resolveTarget(raw, env, `target file ${path}`);
}

/** Every secret the target holds, for redaction. */
export function secretsOf(target: Target): string[] {
  const out: string[] = [];
  for (const [api, { field }] of Object.entries(SECRET_FIELDS)) {
    const section = target.apis[api as ApiName] as Record<string, unknown> | undefined;
    const value = section?.[field];
    if (typeof value === 'string' && value) out.push(value);
  }
  return out;
}

/** The placeholder that stands for an API's secret everywhere outside the runner's secret proxy. */
export const placeholderOf = (api: ApiName) => `__${api}-${SECRET_FIELDS[api].field}__`;

/**
 * The target as workers see it: every base URL points at the secret proxy and every secret is a
 * placeholder. Returns the proxy's routes alongside (base URL and the real secret per API).
 */
export function behindProxy(target: Target, proxyUrl: string): { target: Target; routes: Map<string, ProxyRoute> } {
  const routes = new Map<string, ProxyRoute>();
  const apis: Record<string, unknown> = {};
  for (const [api, section] of Object.entries(target.apis) as unknown as [ApiName, Record<string, unknown>][]) {
    const { field } = SECRET_FIELDS[api];
    const placeholder = placeholderOf(api);
    routes.set(api, { upstream: String(section.baseUrl), substitutions: [{ real: String(section[field]), placeholder }] });
    apis[api] = { ...section, baseUrl: `${proxyUrl}/${api}`, [field]: placeholder };
  }
  return { target: { ...target, apis: apis as Target['apis'] }, routes };
}

/** The environment variable through which the runner hands the resolved target to workers and reporters. */
export const RESOLVED_TARGET_ENV = 'CONFORMANCE_RESOLVED_TARGET';

export function targetFromEnvironment(env: NodeJS.ProcessEnv = process.env): Target | undefined {
  const resolved = env[RESOLVED_TARGET_ENV];
  if (resolved) return JSON.parse(resolved) as Target;
  if (env.CONFORMANCE_TARGET) return loadTargetFile(env.CONFORMANCE_TARGET, env);
  return undefined;
}
