// The OpenAPI documents under schemas/ and their JSON Schemas, compiled once per process with ajv
// (2020-12). Schemas carry requirement annotations:
//   x-requirement            the requirement key that a node's constraints trace to; generated
//                            invalid cases (wrong type, over a limit, off the enum) come only from
//                            annotated nodes, so no case asserts what no document says
//   x-requirement-required   on an object: missing each `required` property must be rejected
//   x-requirement-boundary   on a node: the value exactly at a limit must be accepted, under this
//                            key (a MUST: the document allows it); one past the limit stays under
//                            x-requirement's (a SHOULD: refusing it is a reading, README)
//   x-requirement-exact      on an enum: the requirement (a SHOULD) of the near misses a lenient
//                            reading lets through — a listed value in the other case or padded;
//                            without it they are not sent
//   x-faker                  a faker method ("lorem.sentence") for realistic generated strings
//   x-generate               keywords that apply only when drawing valid instances (real
//                            latitudes: {"minimum": -90, "maximum": 90}); no case tests them
import { readFileSync } from 'node:fs';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { addFormats, ajv2020 } from './lazyAjv.ts';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { Validator } from './expectations.ts';

export type JsonSchema = OpenAPIV3_1.BaseSchemaObject & {
  type?: string | string[];
  items?: JsonSchema;
  'x-requirement'?: string;
  'x-requirement-required'?: string;
  'x-requirement-boundary'?: string;
  'x-requirement-exact'?: string;
  'x-faker'?: string;
  'x-generate'?: Partial<JsonSchema>;
  const?: unknown;
  $ref?: string;
};

export const ANNOTATIONS = [
  'x-requirement',
  'x-requirement-required',
  'x-requirement-boundary',
  'x-requirement-exact',
  'x-faker',
  'x-generate',
  'x-invalid-examples',
  'x-path-override',
  'x-note',
];

// No meta-schema validation (validateSchema): it compiled JSON Schema's own meta-schema in every
// process (half a second of CPU before the first check) and judged only the wrapper below, whose
// `components` keyword it does not descend into; strict mode still refuses unknown keywords.
function ajvWith(strict: boolean): Ajv2020 {
  const Ajv2020 = ajv2020();
  const ajv = new Ajv2020({
    strict,
    validateSchema: false,
    allErrors: true,
    strictRequired: false,
    allowUnionTypes: true,
    ...(strict ? {} : { logger: false }),
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'components' });
  for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword });
  return ajv;
}

/**
 * The project's own documents: strict, so that a typo in a schema is an error. Documents the
 * harness was pointed at (a vendor's): unknown keywords, vendor `x-` keywords and unknown formats
 * are ignored. Each made at its first validation (lib/lazyAjv.ts).
 */
const instances: { strict?: Ajv2020; lenient?: Ajv2020 } = {};

const locations = new Map<string, URL>();
const documents = new Map<string, OpenAPIV3_1.Document>();
/** Documents registered already loaded (and normalised), compiled leniently. */
const loaded = new Map<string, OpenAPIV3_1.Document>();
const validators = new Map<string, ValidateFunction>();
/** Documents whose component schemas the instance validating them holds. */
const compiled = new Set<string>();

/** The instance validating a document, holding its component schemas. */
function ajvOf(doc: string): Ajv2020 {
  const which = loaded.has(doc) ? 'lenient' : 'strict';
  const ajv = (instances[which] ??= ajvWith(which === 'strict'));
  if (!compiled.has(doc)) {
    ajv.addSchema({ $id: idOf(doc), components: { schemas: openApi(doc).components?.schemas ?? {} } });
    compiled.add(doc);
  }
  return ajv;
}

const idOf = (doc: string) => `https://conformance.local/schemas/${doc}`;

/** Names an adapter's OpenAPI document (the registry does this for every adapter). */
export function registerDocument(doc: string, url: URL): void {
  const known = locations.get(doc);
  if (known && known.href !== url.href) throw new Error(`two OpenAPI documents are named "${doc}": ${known.href} and ${url.href}`);
  locations.set(doc, url);
}

/**
 * Names a document that is already loaded: one the harness was pointed at, read and normalised
 * by lib/openapi (YAML or JSON, OpenAPI 3.0 or 3.1). `url` is where it was read from.
 */
export function registerLoadedDocument(doc: string, url: URL, document: OpenAPIV3_1.Document): void {
  registerDocument(doc, url);
  loaded.set(doc, document);
}

/** Loads a registered document once. */
export function openApi(doc: string): OpenAPIV3_1.Document {
  let found = documents.get(doc);
  if (!found) {
    const url = locations.get(doc);
    if (!url) throw new Error(`no OpenAPI document named "${doc}": an adapter lists it in its documents`);
    found = loaded.get(doc) ?? (JSON.parse(readFileSync(url, 'utf8')) as OpenAPIV3_1.Document);
    documents.set(doc, found);
  }
  return found;
}

/** A component schema by name, as written (refs unresolved). */
export function schemaOf(doc: string, name: string): JsonSchema {
  const found = openApi(doc).components?.schemas?.[name];
  if (!found) throw new Error(`${locations.get(doc)?.pathname ?? doc} has no component schema "${name}"`);
  return found as JsonSchema;
}

/** Follows a local `#/components/schemas/X` reference; keywords beside the $ref (annotations) win. */
export function resolveRef(doc: string, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let i = 0; current.$ref && i < 32; i++) {
    const name = /^#\/components\/schemas\/(.+)$/.exec(current.$ref)?.[1];
    if (!name) throw new Error(`unsupported $ref ${current.$ref}`);
    const { $ref: _ref, ...siblings } = current;
    current = { ...schemaOf(doc, name), ...siblings };
  }
  return current;
}

function validatorOf(doc: string, name: string): ValidateFunction {
  const key = `${doc}#${name}`;
  let v = validators.get(key);
  if (!v) {
    v = ajvOf(doc).compile({ $ref: `${idOf(doc)}#/components/schemas/${name}` });
    validators.set(key, v);
  }
  return v;
}

function describe(e: ErrorObject): string {
  const at = e.instancePath || '(body)';
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return `${at}: missing "${String(params.missingProperty)}"`;
  if (e.keyword === 'enum') return `${at}: ${e.message} ${JSON.stringify(params.allowedValues)}`;
  return `${at}: ${e.message ?? e.keyword}`;
}

/** Validates data against a component schema; returns readable errors (empty when valid). */
export function schemaErrors(doc: string, name: string, data: unknown): string[] {
  const v = validatorOf(doc, name);
  return v(data) ? [] : [...new Set((v.errors ?? []).map(describe))];
}

/** A component schema to judge a value by: `expect(value).toValidateAgainst(componentSchema(doc, name))`. */
export const componentSchema = (doc: string, name: string): Validator => ({ name, errorsOf: (value) => schemaErrors(doc, name, value) });

export interface OperationRef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  /** The path template as the document writes it: `/chatapi/{token}/events`. */
  path: string;
  /** The operation object, with its vendor keywords. */
  operation: Record<string, unknown>;
  /** The path item's own keywords (x-path-override and the like). */
  pathItem: Record<string, unknown>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head'] as const;

/** Every operation of a document, in document order. */
export function operationsOf(doc: string): (OperationRef & { operationId?: string })[] {
  return Object.entries(openApi(doc).paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item?.[m]).map((m) => {
      const operation = item![m] as unknown as Record<string, unknown>;
      return {
        method: m.toUpperCase() as OperationRef['method'],
        path,
        operation,
        pathItem: item as Record<string, unknown>,
        operationId: operation.operationId as string | undefined,
      };
    }),
  );
}

/** An operation by its operationId: where specs and adapters take paths from, instead of retyping them. */
export function operation(doc: string, operationId: string): OperationRef {
  const found = operationsOf(doc).find((o) => o.operationId === operationId);
  if (!found) throw new Error(`${locations.get(doc)?.pathname ?? doc} has no operation "${operationId}"`);
  return found;
}
