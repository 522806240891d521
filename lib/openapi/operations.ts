// The operations of a document as the harness exercises them: parameters (the path item's and the
// operation's, `$ref`s followed), the JSON request body, the documented responses, where the token
// goes. Each operation's request is one component schema, `{ path, query, header, cookie, body }`,
// so that the generator draws whole requests and breaks one keyword of them at a time; its nodes
// are annotated (x-requirement) so that every keyword of a parameter or the body yields invalid
// cases, and readOnly properties are left out of it (they are the server's to set).
import type { JsonSchema } from '../schemas.ts';
import { credentialOf, isTokenParameter, type Credential, type DeclaredParameter, type Location } from './credentials.ts';
import { isObject, type Json, type NormalizedDocument } from './normalize.ts';
import { REQUEST_NODE, SchemaViews } from './views.ts';

export type { Location };
export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'TRACE';
const METHODS = ['get', 'head', 'post', 'put', 'patch', 'delete', 'options', 'trace'] as const;
/** A path item's fields other than its operations (OpenAPI 3.0 and 3.1). */
const PATH_ITEM_FIELDS = ['$ref', 'summary', 'description', 'servers', 'parameters'];

/** Marks the request's containers, whose required parameters yield missing-parameter cases. */
const CONTAINERS: readonly Location[] = ['path', 'query', 'header', 'cookie'];

export interface Parameter {
  name: string;
  in: Location;
  required: boolean;
  /** False for a `{name}` of the path template that no parameter declares. */
  declared: boolean;
  style?: string;
  explode?: boolean;
  /** How the document describes it, for quotes. */
  text: string;
}

export interface DocumentedResponse {
  /** `200`, `2XX` or `default`. */
  code: string;
  description: string;
  /** The component schema a JSON answer must validate against, when the document gives one. */
  schema?: string;
  /** The schema as the document gives it, for quotes: `Item, object, required id, name`. */
  schemaText?: string;
  /** Whether every media type the response lists is JSON by name (no wildcard, no XML beside JSON): only then must the body be JSON. */
  onlyJson?: boolean;
  /** The response's OpenAPI links: which operation takes which of its values (lib/openapi/lifecycles.ts). */
  links?: Link[];
}

/** An OpenAPI Link Object: an operation that takes values of the answer, `{ itemId: '$response.body#/id' }`. */
export interface Link {
  name: string;
  operationId?: string;
  operationRef?: string;
  parameters: Record<string, string>;
  description?: string;
}

/** A request's parts, as drawn: parameter values by location and name, and the body. */
export type RequestInstance = Partial<Record<Location, Record<string, unknown>>> & { body?: unknown };

export interface Operation {
  /** operationId, or the method and path: the middle of its requirement ids. */
  key: string;
  method: Method;
  path: string;
  operationId?: string;
  summary: string;
  /** The document's description of it, whose first sentence may say it changes something (lib/openapi/safety.ts). */
  description?: string;
  /** Every parameter but the token's. */
  parameters: Parameter[];
  body?: { required: boolean; mediaType: string; text: string };
  /** The component schema of whole requests; absent when none can be drawn (`notDrawn` says why). */
  request?: string;
  /** The same with every parameter and top-level body field present: the base invalid cases start from. */
  fullRequest?: string;
  notDrawn?: string;
  /** The document's examples, as parts of a request. */
  examples: RequestInstance;
  responses: DocumentedResponse[];
  credential?: Credential;
  /** The constraints an invalid case may break, for the quote of refuses-invalid. */
  constraints: string[];
  /** Whether breaking one of them makes a request that is invalid as the server reads it (set once the document is registered). */
  breakable?: boolean;
}

const JSON_MEDIA = /^(?:application\/(?:[\w.+-]+\+)?json|\*\/\*|application\/\*)(?:\s*;.*)?$/i;
const CONCRETE_JSON = /^application\/(?:[\w.+-]+\+)?json(?:\s*;.*)?$/i;

/** The first JSON media type of a content map, and its entry. */
function jsonContent(content: unknown): [string, Json] | undefined {
  if (!isObject(content)) return undefined;
  const found = Object.entries(content).find(([type]) => JSON_MEDIA.test(type));
  return found ? [found[0], isObject(found[1]) ? found[1] : {}] : undefined;
}

const keyOf = (operationId: unknown, method: string, path: string) =>
  typeof operationId === 'string' && operationId.trim()
    ? operationId.trim().replace(/[^A-Za-z0-9_-]+/g, '-')
    : `${method}${path}`
        .replace(/[{}]/g, '')
        .replace(/[^A-Za-z0-9_]+/g, '-')
        .replace(/^-+|-+$/g, '');

/** A short text of a schema's constraints: `integer, minimum 1, maximum 1000000`. */
export function constraintText(schema: JsonSchema, doc: NormalizedDocument): string {
  const resolved = doc.resolved(schema);
  const parts: string[] = [];
  if (schema.$ref) parts.push(schema.$ref.replace('#/components/schemas/', ''));
  if (resolved.type) parts.push(String(resolved.type));
  for (const key of [
    'format',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'minLength',
    'maxLength',
    'pattern',
    'minItems',
    'maxItems',
  ] as const) {
    if (resolved[key] !== undefined) parts.push(`${key} ${String(resolved[key])}`);
  }
  if (resolved.enum) parts.push(`enum ${resolved.enum.map((v) => JSON.stringify(v)).join('|')}`);
  if (resolved.required?.length) parts.push(`required ${resolved.required.join(', ')}`);
  return parts.join(', ');
}

/**
 * The parameter schema as it travels: text on the wire, so never null; a path segment or a header
 * of characters that survive as they are; and never empty in the path (another route) or the query
 * (OpenAPI: «allowEmptyValue … Default value is false»). That last rule is one valid requests
 * keep, not one invalid ones break: it goes in an allOf, which the edge cases leave alone (an empty
 * query value is commonly read as an absent one, and 3.1 deprecates allowEmptyValue).
 */
function wireSchema(schema: JsonSchema, location: Location, allowEmpty: boolean, doc: NormalizedDocument): JsonSchema {
  let out = schema;
  if (Array.isArray(out.type)) out = { ...out, type: out.type.filter((t) => t !== 'null') };
  if (out.anyOf?.length === 2 && out.anyOf.some((s) => (s as JsonSchema).type === 'null'))
    out = out.anyOf.find((s) => (s as JsonSchema).type !== 'null') as JsonSchema;
  const resolved = doc.resolved(out);
  if (location === 'path' || (location === 'query' && !allowEmpty)) {
    // Each keyword only where the schema has none as strict: the generator takes an allOf part's keywords over the node's.
    const floor = { ...((resolved.minLength ?? 0) < 1 ? { minLength: 1 } : {}), ...((resolved.minItems ?? 0) < 1 ? { minItems: 1 } : {}) };
    if (Object.keys(floor).length) out = { ...out, allOf: [...(resolved.allOf ?? []), floor] };
  }
  const text = resolved.type === 'string' || (Array.isArray(resolved.type) && resolved.type[0] === 'string');
  if (!text || resolved.enum || resolved.pattern || resolved.format || resolved.const !== undefined) return out;
  // A generated "." or ".." would move the path; a control character has no place in a header.
  if (location === 'path') return { ...out, pattern: '^[A-Za-z0-9_-]+$' };
  if (location === 'header') return { ...out, pattern: '^[!-~]+$' };
  if (location === 'cookie') return { ...out, pattern: '^[A-Za-z0-9_.~-]+$' };
  return out;
}

/** Builds the operations of a normalised document. */
export class OperationReader {
  private readonly views: SchemaViews;
  /** The operations' names, each with the operation that took it: `GET /items`. */
  private readonly keys = new Map<string, string>();

  constructor(private readonly doc: NormalizedDocument) {
    this.views = new SchemaViews(doc);
  }

  operations(): Operation[] {
    const paths = this.doc.raw.paths;
    if (!isObject(paths) || Object.keys(paths).length === 0) {
      this.doc.warn(`${this.doc.file} has no paths: there is nothing to check`);
      return [];
    }
    const server = Array.isArray(this.doc.raw.servers) && isObject(this.doc.raw.servers[0]) ? String(this.doc.raw.servers[0].url ?? '') : '';
    const basePath = server.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\/+$/, '');
    if (basePath && basePath !== '/')
      this.doc.warn(
        `the paths are below the server's ${basePath} (servers[0]: ${server}): the section's baseUrl must end with your deployment's equivalent of it`,
      );
    const out: Operation[] = [];
    for (const [path, rawItem] of Object.entries(paths)) {
      if (path.startsWith('x-')) continue;
      const item = this.doc.deref(rawItem, `paths.${path}`);
      if (!item) {
        if (!isObject(rawItem)) this.doc.warn('a path item must be an object; its operations are left out', `paths.${path}`);
        continue;
      }
      for (const [field, value] of Object.entries(item)) {
        if (METHODS.includes(field as (typeof METHODS)[number])) {
          if (isObject(value)) out.push(this.operation(path, field as (typeof METHODS)[number], item, value));
          else this.doc.warn('an operation must be an object; it is left out', `paths.${path}.${field}`);
        } else if (!PATH_ITEM_FIELDS.includes(field) && !field.startsWith('x-')) {
          this.doc.warn(
            `"${field}" is not a field of a path item (an operation is under get, post, put, patch, delete, head, options or trace, in lower case); it is left out`,
            `paths.${path}`,
          );
        }
      }
    }
    return out;
  }

  private operation(path: string, method: (typeof METHODS)[number], item: Json, op: Json): Operation {
    const place = `paths.${path}.${method}`;
    const wanted = keyOf(op.operationId, method, path);
    let key = wanted;
    for (let i = 2; this.keys.has(key); i++) key = `${wanted}-${i}`;
    const id = typeof op.operationId === 'string' ? op.operationId : undefined;
    if (key !== wanted)
      this.doc.warn(
        `${id === undefined ? `the name ${wanted}` : `operationId "${id}"`} is ${this.keys.get(wanted)}'s too: this operation's requirements are named ${key}`,
        place,
      );
    else if (id !== undefined && key !== id) this.doc.warn(`operationId "${id}" is not a plain name: its requirements are named ${key}`, place);
    this.keys.set(key, `${method.toUpperCase()} ${path}`);
    const summary = String(op.summary ?? (typeof op.description === 'string' ? op.description.split('\n')[0] : '')).trim();
    const declared = this.parameters(path, item, op, place);
    const security = op.security ?? this.doc.raw.security;
    const found = credentialOf(this.doc, security, declared, place);
    if (found.flaw) this.doc.warn(found.flaw, place);
    const credential = found.credential;
    const isCredential = (p: DeclaredParameter) =>
      credential !== undefined && p.in === credential.placement.in && p.name.toLowerCase() === credential.placement.name.toLowerCase();
    // The token's parameter (declared beside a security scheme, or the token itself) is filled, not drawn.
    const own = declared.filter((p) => !isCredential(p));
    const operation: Operation = {
      key,
      method: method.toUpperCase() as Method,
      path,
      ...(typeof op.operationId === 'string' ? { operationId: op.operationId } : {}),
      summary,
      ...(typeof op.description === 'string' && op.description.trim() ? { description: op.description.trim() } : {}),
      parameters: [],
      examples: {},
      responses: this.responses(op, key, place),
      ...(credential ? { credential } : {}),
      constraints: [],
    };
    if (found.problem) operation.notDrawn = found.problem;
    else this.request(operation, own, op, place);
    return operation;
  }

  /** The path item's parameters and the operation's (which win), and the path template's undeclared ones. */
  private parameters(path: string, item: Json, op: Json, place: string): (DeclaredParameter & { raw: Json })[] {
    const byKey = new Map<string, DeclaredParameter & { raw: Json }>();
    for (const [where, list] of [
      [`paths.${path}`, item.parameters],
      [place, op.parameters],
    ] as const) {
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        this.doc.warn(`${where}.parameters is not a list; it is left out`);
        continue;
      }
      list.forEach((entry, i) => {
        const p = this.doc.deref(entry, `${where}.parameters[${i}]`);
        if (!p || typeof p.name !== 'string' || !CONTAINERS.includes(p.in as Location)) {
          if (p) this.doc.warn(`a parameter needs a name and an "in" of path, query, header or cookie; it is left out`, `${where}.parameters[${i}]`);
          return;
        }
        // OpenAPI: a header parameter named Accept or Content-Type «SHALL be ignored» (Authorization too, but vendors put the token there).
        if (p.in === 'header' && /^(?:accept|content-type)$/i.test(p.name)) {
          this.doc.warn(`a header parameter "${p.name}" is ignored, as OpenAPI says`, `${where}.parameters[${i}]`);
          return;
        }
        byKey.set(`${String(p.in)} ${p.name}`, {
          name: p.name,
          in: p.in as Location,
          required: p.required === true || p.in === 'path',
          description: typeof p.description === 'string' ? p.description : undefined,
          declared: true,
          raw: p,
        });
      });
    }
    const inTemplate = [...path.matchAll(/{([^}]+)}/g)].map((m) => m[1]);
    for (const name of inTemplate) {
      if (byKey.has(`path ${name}`)) continue;
      byKey.set(`path ${name}`, { name, in: 'path', required: true, declared: false, raw: { name, in: 'path', schema: { type: 'string' } } });
      if (!isTokenParameter({ name, in: 'path' }))
        this.doc.warn(`the path uses {${name}}, which no parameter declares; plain text is drawn for it, and no invalid value of it is sent`, place);
    }
    for (const p of byKey.values()) {
      if (p.in === 'path' && !inTemplate.includes(p.name)) {
        this.doc.warn(`path parameter "${p.name}" is declared but the path has no {${p.name}}; it is left out`, place);
        byKey.delete(`path ${p.name}`);
      }
    }
    return [...byKey.values()];
  }

  private request(operation: Operation, parameters: (DeclaredParameter & { raw: Json })[], op: Json, place: string): void {
    const containers: Partial<Record<Location, { properties: Record<string, JsonSchema>; required: string[] }>> = {};
    for (const p of parameters) {
      const schemaNode = p.raw.schema ?? jsonContent(p.raw.content)?.[1]?.schema;
      const normalized = this.doc.schema(schemaNode, `${place}.parameters.${p.name}`);
      const wire = wireSchema(normalized, p.in, p.raw.allowEmptyValue === true, this.doc);
      const schema = p.declared ? this.views.request(wire) : wire;
      const box = (containers[p.in] ??= { properties: {}, required: [] });
      box.properties[p.name] = schema;
      if (p.required) box.required.push(p.name);
      const text = constraintText(normalized, this.doc);
      operation.parameters.push({
        name: p.name,
        in: p.in,
        required: p.required,
        declared: p.declared,
        ...(typeof p.raw.style === 'string' ? { style: p.raw.style } : {}),
        ...(typeof p.raw.explode === 'boolean' ? { explode: p.raw.explode } : {}),
        text: `${p.name} (${p.in}${p.required ? ', required' : ''})${text ? `: ${text}` : ''}`,
      });
      if (p.declared && text) operation.constraints.push(operation.parameters.at(-1)!.text);
      const example = p.raw.example ?? firstExample(p.raw.examples) ?? (normalized.examples as unknown[] | undefined)?.[0];
      if (example !== undefined && p.declared) (operation.examples[p.in] ??= {})[p.name] = example;
    }
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const location of CONTAINERS) {
      const box = containers[location];
      if (!box) continue;
      properties[location] = {
        type: 'object',
        properties: box.properties as JsonSchema['properties'],
        required: box.required,
        'x-requirement-required': REQUEST_NODE,
      };
      if (box.required.length) required.push(location);
    }
    const body = this.doc.deref(op.requestBody, `${place}.requestBody`);
    if (body) {
      const content = isObject(body.content) ? body.content : {};
      const json = jsonContent(content);
      if (!json && Object.keys(content).length) {
        operation.notDrawn = `its request body is ${Object.keys(content).join(' or ')}, and the harness draws JSON bodies only`;
        return;
      }
      const normalized = this.doc.schema(json?.[1].schema, `${place}.requestBody`);
      properties.body = this.views.request(normalized);
      if (body.required === true) required.push('body');
      const text = constraintText(normalized, this.doc);
      operation.body = {
        required: body.required === true,
        mediaType: json?.[0] ?? 'application/json',
        text: `body${body.required === true ? ' (required)' : ''}${text ? `: ${text}` : ''}`,
      };
      operation.constraints.push(operation.body.text);
      const example = json?.[1].example ?? firstExample(json?.[1].examples) ?? (this.doc.resolved(normalized).examples as unknown[] | undefined)?.[0];
      if (example !== undefined) operation.examples.body = example;
    }
    // Only these parts: an operation with no parameter and no body has one request, `{}`.
    const request: JsonSchema = {
      type: 'object',
      properties: properties as JsonSchema['properties'],
      required,
      additionalProperties: false,
      'x-requirement-required': REQUEST_NODE,
    };
    operation.request = this.doc.add(`${operation.key}.request`, request);
    operation.fullRequest = this.doc.add(`${operation.key}.request-full`, this.full(request));
  }

  /** The request with every parameter and every top-level field of the body present. */
  private full(request: JsonSchema): JsonSchema {
    const properties = { ...request.properties } as Record<string, JsonSchema>;
    for (const location of CONTAINERS) {
      const box = properties[location];
      if (box) properties[location] = { ...box, required: Object.keys(box.properties ?? {}) };
    }
    const body = properties.body && this.doc.resolved(properties.body);
    if (body?.properties && !body.allOf && !body.oneOf && !body.anyOf) properties.body = { ...body, required: Object.keys(body.properties) };
    return { ...request, properties: properties as JsonSchema['properties'], required: Object.keys(properties) };
  }

  private responses(op: Json, key: string, place: string): DocumentedResponse[] {
    if (!isObject(op.responses) || Object.keys(op.responses).length === 0) {
      this.doc.warn('documents no response, so no status of it is documented: its documented-status and response-schema checks are not derived', place);
      return [];
    }
    return Object.entries(op.responses).flatMap(([rawCode, entry]) => {
      const code = String(rawCode).toUpperCase() === 'DEFAULT' ? 'default' : String(rawCode).toUpperCase();
      if (!/^(?:[1-5](?:\d\d|XX)|default)$/.test(code)) {
        if (!rawCode.startsWith('x-')) this.doc.warn(`not a status code; left out`, `${place}.responses.${rawCode}`);
        return [];
      }
      const response = this.doc.deref(entry, `${place}.responses.${code}`);
      const json = jsonContent(response?.content);
      const description = String(response?.description ?? '');
      const links = this.links(response?.links, `${place}.responses.${code}.links`);
      const linked = links.length ? { links } : {};
      if (!json || json[1].schema === undefined) return [{ code, description, ...linked }];
      const normalized = this.doc.schema(json[1].schema, `${place}.responses.${code}`);
      const schema = this.views.answer(normalized);
      const onlyJson = Object.keys(response!.content as Json).every((type) => CONCRETE_JSON.test(type));
      return [
        { code, description, schema: this.doc.add(`${key}.response.${code}`, schema), schemaText: constraintText(normalized, this.doc), onlyJson, ...linked },
      ];
    });
  }

  /** A response's links, their `$ref`s followed; one without a target operation or parameters is left out, and said. */
  private links(links: unknown, place: string): Link[] {
    if (!isObject(links)) return [];
    return Object.entries(links).flatMap(([name, entry]) => {
      const link = this.doc.deref(entry, `${place}.${name}`);
      if (!link) return [];
      const parameters = isObject(link.parameters)
        ? Object.fromEntries(Object.entries(link.parameters).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : {};
      if ((typeof link.operationId !== 'string' && typeof link.operationRef !== 'string') || Object.keys(parameters).length === 0) {
        this.doc.warn('a link needs an operationId or operationRef and parameters; it is left out', `${place}.${name}`);
        return [];
      }
      return [
        {
          name,
          ...(typeof link.operationId === 'string' ? { operationId: link.operationId } : {}),
          ...(typeof link.operationRef === 'string' ? { operationRef: link.operationRef } : {}),
          parameters,
          ...(typeof link.description === 'string' ? { description: link.description } : {}),
        },
      ];
    });
  }
}

function firstExample(examples: unknown): unknown {
  if (!isObject(examples)) return undefined;
  const first = Object.values(examples)[0];
  return isObject(first) ? first.value : undefined;
}

/** What an operation's requirements quote first: `GET /items/{itemId} (getItem) «Get an item»`. */
export function operationTitle(op: Operation): string {
  return `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ''}${op.summary ? ` «${op.summary}»` : ''}`;
}
