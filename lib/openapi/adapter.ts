// The OpenAPI adapter kind: an API adapter built from a document alone. It names no API: the target
// file's `openapi` sections make one each (lib/openapi/sections.ts), and the project's demo is one
// built from its own document. Its requirements are derived (lib/openapi/requirements.ts), its
// specs are generic (one folder iterating the derived operations), its section is the kind's.
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiAdapter, Probe, Section } from '../adapter.ts';
import { readJsonFile } from '../jsonFile.ts';
import { adapters } from '../registry.ts';
import { registerLoadedDocument } from '../schemas.ts';
import { TargetError } from '../target.ts';
import { catalogueEntry, type Catalogue, type CatalogueEntry } from './catalogue.ts';
import { loadDocument } from './document.ts';
import { NormalizedDocument } from './normalize.ts';
import { OperationReader, operationTitle, type Operation, type RequestInstance } from './operations.ts';
import { sampleValid } from '../cases.ts';
import { DERIVATION_SEED, fullBase, invalidRequests, requestErrors, toRequestSpec, tokenPlace } from './requests.ts';
import { lifecycleChecksOf, lifecycleNotRun, operationsOf, type LifecycleCheck } from './lifecycleChecks.ts';
import { LifecycleReader, type Resource } from './lifecycles.ts';
import { deriveCatalog } from './requirements.ts';
import { isHarmless, runDecision, type RunPolicy } from './safety.ts';

export interface OpenApiOptions {
  /** The profile: the section's name and the prefix of the requirement ids. */
  name: string;
  /** The document's absolute path. */
  document: string;
  /** Where the harness was told of the document, for errors (`target file t.json: apis.x.openapi.document`). */
  place?: string;
  /** operationIds (or keys) that may change data and may be run. */
  unsafe?: readonly string[];
  /** operationIds (or keys) never run, whatever their method. */
  skip?: readonly string[];
  /** The operationId (or key) whose request is the preflight's harmless one, instead of the first harmless GET. */
  preflight?: string;
  /** The catalogue a section may name its API's entry in (its names are the section schema's choices); none, no `catalogue` field. */
  catalogue?: Catalogue;
  /** The API's entry in that catalogue. */
  catalogueEntry?: string;
  /** The folder of the kind's generic specs. */
  specDir: string;
  /** The project's own reference for the document (the demo); a vendor's API has none. */
  reference?: URL;
  /** The section names no document: this adapter's own is the one (a static adapter). */
  fixedDocument?: boolean;
  /** Whether the document is validated against OpenAPI's schema (half a second): where its warnings are said. Default true. */
  validated?: boolean;
}

/** What the kind derived from one document. */
export interface DerivedApi {
  profile: string;
  /** The name the document is registered under (lib/schemas.ts). */
  doc: string;
  /** The document's file name: the seed of its requirements. */
  file: string;
  operations: Operation[];
  catalogue?: CatalogueEntry;
  /** Flaws of the document and what they keep from being derived. */
  warnings: string[];
  /** Why an operation is not run, when it is not (it may change data and the section does not allow it, or the section skips it). */
  notRun(op: Operation): string | undefined;
  /** Whether an operation runs, and why or why not (--list). */
  runDecision(op: Operation): { runs: boolean; why: string };
  /** The operation whose request the preflight sends: the section's choice, else the first harmless GET (one taking the token first). */
  probe?: Operation;
  /** What its creates make, and which operations take it (lib/openapi/lifecycles.ts). */
  resources: Resource[];
  /** Why a resource's stateful check does not run, when it does not. */
  lifecycleNotRun(r: Resource, check: LifecycleCheck): string | undefined;
}

export interface OpenApiAdapter extends ApiAdapter {
  openapi: DerivedApi;
}

export const isOpenApiAdapter = (adapter: ApiAdapter): adapter is OpenApiAdapter => 'openapi' in adapter;

/** The registered adapters of this kind, in registry order (the generic specs iterate them). */
export function openApiAdapters(): OpenApiAdapter[] {
  return adapters().filter(isOpenApiAdapter);
}

export const SECTION_SCHEMA = new URL('../../schemas/openapi.target.json', import.meta.url);

/**
 * The kind's section schema, with an `$id` of the profile's own (every section is validated beside
 * the others); its `catalogue` field names an entry of the catalogue given, and is absent without one.
 */
export function sectionSchema(profile: string, fixedDocument: boolean, catalogue?: Catalogue): Record<string, unknown> {
  const schema = readJsonFile<{ properties: Record<string, { properties?: Record<string, Record<string, unknown>> }>; required: string[] }>(SECTION_SCHEMA);
  const fields = schema.properties.openapi.properties!;
  if (catalogue) fields.catalogue.enum = Object.keys(catalogue.entries);
  else delete fields.catalogue;
  if (fixedDocument) {
    delete schema.properties.openapi;
    schema.required = schema.required.filter((r) => r !== 'openapi');
  }
  return { ...schema, $id: `https://conformance.local/schemas/openapi.${encodeURIComponent(profile)}.target.json` };
}

async function derive(options: OpenApiOptions): Promise<DerivedApi> {
  const place = options.place ?? `${options.name}: openapi.document`;
  const file = basename(options.document);
  const { document, flaws } = await loadDocument(options.document, place, options.validated ?? true);
  const normalized = new NormalizedDocument(document, file, flaws);
  const operations = new OperationReader(normalized).operations();
  const doc = `openapi.${options.name}`;
  registerLoadedDocument(doc, pathToFileURL(options.document), normalized.document as never);
  const catalogue =
    options.catalogueEntry === undefined ? undefined : catalogueEntry(options.catalogue ?? fail(`${place}: no catalogue is known`), options.catalogueEntry);
  const policy: RunPolicy = { unsafe: options.unsafe ?? [], skip: options.skip ?? [] };
  const field = (name: string) => place.replace(/document$/, name);
  const find = (name: string) => operations.find((op) => op.key === name || op.operationId === name);
  const named = (name: string, at: string) =>
    find(name) ?? fail(`${field(at)}: ${file} has no operation "${name}" (its operations: ${operations.map((op) => op.operationId ?? op.key).join(', ')})`);
  for (const name of policy.unsafe) named(name, 'unsafe');
  for (const name of policy.skip) named(name, 'skip');
  for (const op of operations) {
    // Drawn once here (the seed aside, what can be drawn is the document's): an operation no valid
    // request of which can be drawn gets no checks, and one whose constraints break nothing no refuses-invalid.
    if (op.request && !fullBase(doc, op, DERIVATION_SEED)) {
      op.notDrawn = `no request drawn from its schemas is valid by them (${requestErrors(
        doc,
        op,
        sampleValid(doc, op.request, 1, DERIVATION_SEED)[0] as RequestInstance,
      )
        .slice(0, 2)
        .join('; ')})`;
      delete op.request;
    }
    if (op.notDrawn) normalized.warn(`${op.notDrawn}; none of its checks are derived`, operationTitle(op));
    else op.breakable = invalidRequests(doc, op, DERIVATION_SEED).length > 0;
  }
  if (catalogue?.needsToken && operations.every((op) => !op.credential)) {
    normalized.warn(
      `${catalogue.seed} says the ${catalogue.api} needs a token, but ${file} says nowhere where it goes (no security scheme, no token parameter): its requires-token checks are not derived`,
    );
  }
  const resources = new LifecycleReader(normalized, operations).resources();
  // The policy and the resources are the document's: each operation's decision is made once.
  const decisions = new Map<Operation, ReturnType<typeof ownObjectsOnly>>();
  const decide = (op: Operation) => {
    if (!decisions.has(op))
      decisions.set(
        op,
        ownObjectsOnly(op, runDecision(op, policy), resources, (create) => runDecision(create, policy)),
      );
    return decisions.get(op)!;
  };
  const notRun = (op: Operation) => {
    const decision = decide(op);
    return decision.runs ? undefined : decision.why;
  };
  // One that carries the token first: the preflight also shows that the section's token is taken.
  const harmless = operations.filter((op) => op.request && op.method === 'GET' && isHarmless(op, policy));
  let probe = harmless.find((op) => op.credential) ?? harmless[0];
  if (options.preflight !== undefined) {
    probe = named(options.preflight, 'preflight');
    const unusable =
      notRun(probe) ??
      (probe.request ? undefined : probe.notDrawn) ??
      (['GET', 'POST'].includes(probe.method) ? undefined : `the preflight sends a GET or a POST, not a ${probe.method}`);
    if (unusable) fail(`${field('preflight')}: "${options.preflight}" cannot be the preflight's request: ${unusable}`);
  }
  return {
    profile: options.name,
    doc,
    file,
    operations,
    ...(catalogue ? { catalogue } : {}),
    warnings: normalized.warnings,
    notRun,
    runDecision: decide,
    ...(probe ? { probe } : {}),
    resources,
    lifecycleNotRun: (r, check) => lifecycleNotRun(r, check, notRun),
  };
}

/**
 * An operation that changes an object the run can create (an update, a delete, a clone) runs only
 * on objects the run created (specs/openapi/objects.ts points its requests at them): where the
 * create does not run, it does not either — a made-up id could be a vendor's real object.
 */
function ownObjectsOnly(
  op: Operation,
  decision: { runs: boolean; why: string },
  resources: readonly Resource[],
  decide: (op: Operation) => { runs: boolean; why: string },
): { runs: boolean; why: string } {
  const r = resources.find((x) => [x.update, x.remove, x.clone].some((b) => b?.op === op));
  if (!decision.runs || !r) return decision;
  const create = decide(r.create);
  if (create.runs) return { runs: true, why: `${decision.why}; it is sent only about ${r.name} the run creates (${r.create.operationId ?? r.create.key})` };
  return { runs: false, why: `${op.method} ${op.path} changes ${r.name}, and runs only on ones the run creates, but ${create.why}` };
}

/** One line of --list per resource: what creates it, what takes it, and whether its stateful checks run, and why. */
export function resourceLine(api: DerivedApi, r: Resource): string {
  const checks = lifecycleChecksOf(r);
  const ops = [...new Set(checks.flatMap((c) => operationsOf(r, c)))].map((op) => op.operationId ?? op.key);
  if (!checks.length)
    return `${r.name}: no stateful checks — created by ${r.create.operationId ?? r.create.key}, but no operation of the document reads, lists or removes one`;
  const reasons = checks.map((c) => api.lifecycleNotRun(r, c));
  const why = reasons.find((w) => w !== undefined);
  const runs = reasons.filter((w) => !w);
  const verdict =
    runs.length === checks.length ? 'stateful checks run' : runs.length ? `${runs.length} of ${checks.length} stateful checks run` : 'stateful checks not run';
  return `${r.name} (by ${r.id}; ${ops.join(', ')}): ${verdict}${why ? ` — ${why}` : ' — every operation they send runs, and what they create is removed'}`;
}

/** One line of --list: an operation, whether it runs, and why. */
export function operationLine(api: DerivedApi, op: Operation): string {
  if (!op.request) return `${op.key}: no checks — ${op.notDrawn ?? 'none derived'}`;
  const { runs, why } = api.runDecision(op);
  return `${op.key}: ${runs ? 'runs' : 'not run'} — ${why}`;
}

function fail(message: string): never {
  throw new TargetError(message);
}

/** The harmless request of the preflight: the probe operation's, with a request drawn from it (`GET /` when the document has none). */
function probesOf(api: DerivedApi, section: Section): Probe[] {
  const token = typeof section.token === 'string' ? { value: section.token } : undefined;
  const op = api.probe;
  const base = op && fullBase(api.doc, op);
  if (!op || !base) return [{ what: 'GET /', method: 'GET', url: `${section.baseUrl}/`, headers: {}, credential: 'the base URL' }];
  const spec = toRequestSpec(op, base, token);
  const credential = op.credential ? `the token (${tokenPlace(op.credential)})` : 'the base URL';
  return [
    {
      what: `${op.method} ${op.path}`,
      method: op.method as Probe['method'],
      url: `${section.baseUrl}${spec.path}`,
      headers: { ...spec.headers, ...(spec.json !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(spec.json !== undefined ? { body: JSON.stringify(spec.json) } : {}),
      credential,
    },
  ];
}

/** An adapter for the API an OpenAPI document describes. Throws TargetError when the document cannot be used at all. */
export async function openApiAdapter(options: OpenApiOptions): Promise<OpenApiAdapter> {
  const api = await derive(options);
  const catalog = deriveCatalog(options.name, api.file, api.operations, api.resources, api.catalogue);
  return {
    name: options.name,
    openapi: api,
    profiles: [{ name: options.name, catalog }],
    specDir: options.specDir,
    documents: { [api.doc]: pathToFileURL(options.document) },
    section: {
      schema: sectionSchema(options.name, options.fixedDocument ?? false, options.catalogue),
      secrets: ['token'],
      resolve: (_profile, raw) => raw,
    },
    preflight: (_profile, section) => probesOf(api, section),
    ...(options.reference ? { reference: options.reference } : {}),
  };
}
