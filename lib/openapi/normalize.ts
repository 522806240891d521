// An OpenAPI document as the harness uses it, once lib/openapi/document.ts bundled it (every
// `$ref` local): every schema in OpenAPI 3.1's JSON Schema (2020-12), reachable under
// components.schemas, so that the generator (lib/cases.ts) and ajv (lib/schemas.ts) take it like the
// project's own documents — what no parser does. From 3.0: `nullable`, boolean `exclusiveMinimum`
// and `exclusiveMaximum`, `example` (as `examples`), and `$ref`s whose siblings 3.0 ignores. A
// `$ref` into the document that is not a component schema (bundling puts another file's schemas
// where they are first used) is copied to one. Flaws are repaired in the direction that never
// blames the server, and said as warnings.
import type { JsonSchema } from '../schemas.ts';
import { UNRESOLVED, type Flaw } from './document.ts';
import { isObject } from '../isObject.ts';

export type Json = Record<string, unknown>;

/** Keywords whose value is a schema, a list of schemas, or a map of schemas. */
const ONE = [
  'additionalProperties',
  'items',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
];
const LIST = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const MAP = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/** A JSON object (not an array, not null). */
export { isObject };

/** A component name ajv and the generator can use in a `#/components/schemas/<name>` reference. */
export const safeName = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_');

/** The segments of a local reference (`#/components/schemas/A%20B/properties/x~1y`). */
function pointerOf(ref: string): string[] | undefined {
  if (!ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment === '') return [];
  if (!fragment.startsWith('/')) return undefined;
  return fragment
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export class NormalizedDocument {
  /** Each flaw once, with the places it was found. */
  private readonly flaws = new Map<string, string[]>();
  /** Component schemas as the harness uses them, by their safe names. */
  readonly schemas: Record<string, JsonSchema> = {};
  private readonly v30: boolean;
  /** Source component name → safe name; pointer of a copied target → its component. */
  private readonly names = new Map<string, string>();
  private readonly copies = new Map<string, string>();

  constructor(
    /** The bundled document: every `$ref` in it local. */
    readonly raw: Json,
    /** The document's file name, for warnings. */
    readonly file: string,
    /** What reading it found wrong (lib/openapi/document.ts). */
    flaws: readonly Flaw[] = [],
  ) {
    for (const flaw of flaws) this.warn(flaw.message, flaw.place);
    this.v30 = String(raw.openapi).startsWith('3.0');
    for (const name of Object.keys(this.rawSchemas())) this.component(name);
  }

  /** The document to register with lib/schemas.ts. */
  get document(): Json {
    return { openapi: '3.1.0', info: this.raw.info ?? {}, paths: {}, components: { schemas: this.schemas } };
  }

  /** Says a flaw, once however many places have it (`place` is where: `paths./items.get`). */
  warn(message: string, place = ''): void {
    const places = this.flaws.get(message) ?? [];
    if (place && !places.includes(place)) places.push(place);
    this.flaws.set(message, places);
  }

  /** The flaws found, each with where: `paths./a.get, paths./b.get and 3 more: …`. */
  get warnings(): string[] {
    return [...this.flaws].map(([message, places]) => {
      const where = places.length > 3 ? `${places.slice(0, 2).join(', ')} and ${places.length - 2} more` : places.join(', ');
      return where ? `${where}: ${message}` : message;
    });
  }

  private rawSchemas(): Json {
    const schemas = (this.raw.components as Json | undefined)?.schemas;
    return isObject(schemas) ? schemas : {};
  }

  /** Follows a local reference to the node it names, or undefined. */
  at(ref: string): unknown {
    const path = pointerOf(ref);
    if (!path) return undefined;
    let node: unknown = this.raw;
    for (const part of path) node = isObject(node) || Array.isArray(node) ? (node as Json)[part] : undefined;
    return node;
  }

  /** A non-schema object (a parameter, a request body, a response, a path item), its `$ref`s followed; one to nothing (already said) is left out. */
  deref<T = Json>(node: unknown, place: string): T | undefined {
    let current = node;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string'; hops++) {
      if (hops >= 32) {
        this.warn(`the reference ${current.$ref} leads round in a circle; it is left out`, place);
        return undefined;
      }
      current = this.at(current.$ref);
    }
    return isObject(current) && !(UNRESOLVED in current) ? (current as T) : undefined;
  }

  /** A schema with its top-level component reference followed (one level; the reference's siblings win). */
  resolved(schema: JsonSchema): JsonSchema {
    if (!schema.$ref) return schema;
    const { $ref, ...siblings } = schema;
    return { ...this.schemas[$ref.split('/').pop()!], ...siblings };
  }

  /** Adds a schema under a fresh component name (operation views); returns the name. */
  add(base: string, schema: JsonSchema): string {
    let name = safeName(base);
    for (let i = 2; name in this.schemas; i++) name = `${safeName(base)}.${i}`;
    this.schemas[name] = schema;
    return name;
  }

  /** A component schema of the document, normalised once, by its source name; returns its safe name. */
  private component(name: string): string {
    const known = this.names.get(name);
    if (known) return known;
    const safe = this.add(name, {});
    this.names.set(name, safe);
    this.schemas[safe] = this.schema(this.rawSchemas()[name], `components.schemas.${name}`);
    return safe;
  }

  /** A schema node, normalised: its references point at components, its keywords are 3.1's. */
  schema(node: unknown, place: string): JsonSchema {
    if (node === true || node === undefined) return {};
    if (node === false) return { not: {} };
    if (!isObject(node)) {
      this.warn(`a schema must be an object; any value is taken there`, place);
      return {};
    }
    if (typeof node.$ref === 'string') return this.reference(node, place);
    const out: Json = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$id' || key === '$schema' || key === 'nullable' || key === 'example' || key === UNRESOLVED) continue;
      if (ONE.includes(key) && (isObject(value) || typeof value === 'boolean')) out[key] = this.schema(value, `${place}.${key}`);
      else if (LIST.includes(key) && Array.isArray(value)) out[key] = value.map((s, i) => this.schema(s, `${place}.${key}[${i}]`));
      else if (MAP.includes(key) && isObject(value))
        out[key] = Object.fromEntries(Object.entries(value).map(([k, s]) => [k, this.schema(s, `${place}.${key}.${k}`)]));
      else out[key] = value;
    }
    if (node.example !== undefined && out.examples === undefined) out.examples = [node.example];
    // 3.0: a boolean beside minimum/maximum; 3.1: the bound itself.
    for (const [exclusive, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (typeof out[exclusive] !== 'boolean') continue;
      if (out[exclusive] === true && typeof out[bound] === 'number') {
        out[exclusive] = out[bound];
        delete out[bound];
      } else delete out[exclusive];
    }
    this.defineRequired(out, place);
    return node.nullable === true ? nullable(out) : out;
  }

  /**
   * A property that `required` names and the schema never defines: JSON Schema takes any value
   * for it, the generator would leave it out. It is defined as any value, and said.
   */
  private defineRequired(out: Json, place: string): void {
    if (!Array.isArray(out.required)) return;
    const properties = isObject(out.properties) ? out.properties : undefined;
    // A free object with required keys is no flaw: the generator draws them.
    if (!properties && out.additionalProperties !== false) return;
    const missing = out.required.filter((name): name is string => typeof name === 'string' && !(properties && name in properties));
    for (const name of missing) this.warn(`required property "${name}" is never defined; any value is sent and accepted for it`, place);
    if (missing.length) out.properties = { ...properties, ...Object.fromEntries(missing.map((name) => [name, {}])) };
  }

  private reference(node: Json, place: string): JsonSchema {
    const ref = node.$ref as string;
    const path = pointerOf(ref);
    const { $ref: _ref, ...siblings } = node;
    // Bundled, every reference is local and names something.
    const target =
      path?.length === 3 && path[0] === 'components' && path[1] === 'schemas' && path[2] in this.rawSchemas() ? this.component(path[2]) : this.copy(ref, place);
    const pointed: JsonSchema = target ? { $ref: `#/components/schemas/${target}` } : {};
    // 3.0 ignores a reference's siblings; `nullable` beside one is common enough to honour.
    if (this.v30) return siblings.nullable === true ? ({ anyOf: [pointed, { type: 'null' }] } as JsonSchema) : pointed;
    const rest = this.schema(siblings, place);
    return Object.keys(rest).length ? { ...rest, ...pointed } : pointed;
  }

  /** A reference into the document that is not a component schema: the target, copied to a component once. */
  private copy(ref: string, place: string): string {
    const known = this.copies.get(ref);
    if (known) return known;
    const name = this.add(`ref${ref.slice(1)}`, {});
    this.copies.set(ref, name);
    this.schemas[name] = this.schema(this.at(ref), `${place} → ${ref}`);
    return name;
  }
}

/** A 3.0 `nullable: true` schema as 3.1 says it. */
function nullable(schema: Json): JsonSchema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.type)) return { ...schema, type: [...new Set([...schema.type, 'null'])] };
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...schema.enum, null] };
  return { anyOf: [schema, { type: 'null' }] } as JsonSchema;
}
