// Resource lifecycles, derived from a document as Schemathesis and RESTler infer links: a create
// (a POST on a collection answering an object with an identifier) produces an object; the
// operations whose path or query parameter names one of its properties take it — by name and
// type (`{id}` ← id, `{itemId}` ← id, `{projectShortName}` ← shortName), or by the create's
// OpenAPI `links`, which state it. On the collection's item path a GET reads it, a PUT or PATCH
// updates it, a DELETE removes it; a GET on the collection lists it; other GETs naming another of
// its properties look it up; a POST below the item answering the same kind of object clones it.
// What cannot be followed is said once, with where and why.
import { escapeRegExp } from '../escapeRegExp.ts';
import type { JsonSchema } from '../schemas.ts';
import { isObject, type NormalizedDocument } from './normalize.ts';
import type { DocumentedResponse, Link, Operation } from './operations.ts';

/** An operation taking an object by one of its properties. */
export interface Binding {
  op: Operation;
  /** The parameter that names the object. */
  param: { name: string; in: 'path' | 'query' };
  /** The object's property it takes. */
  property: string;
  /** The document's words stating that the operation takes what the create answered (a link, a description), when it states it. */
  stated?: string;
}

/** How a list is read: where its answer holds the objects, and how it pages. */
export interface Listing {
  op: Operation;
  /** The property of the answer holding the array ('' when the answer is the array). */
  at: string;
  /** A query parameter counting pages (`page`) or items (`offset`), and where it starts. */
  paging?: { name: string; kind: 'page' | 'offset'; start: number };
  /** A query parameter bounding a page's size, and the largest the document allows. */
  size?: { name: string; max: number };
  /** The document's words stating that it lists what the create made, when it states it. */
  stated?: string;
}

export interface Resource {
  /** The middle of its requirement ids: the collection's last segment (`items`). */
  name: string;
  /** The property identifying an object (`id`). */
  id: string;
  create: Operation;
  read?: Binding;
  update?: Binding;
  remove?: Binding;
  clone?: Binding;
  list?: Listing;
  lookups: Binding[];
}

const CLONE_WORDS = /\b(?:clone|copy|duplicate)/i;
const SIZE = /^(?:limit|size|per_?page|page_?size|count|max_?results|top)$/i;
const PAGE = /^(?:page|page_?number|page_?index)$/i;
const OFFSET = /^(?:offset|skip|start)$/i;
/** The most a list is asked for at once, whatever its document allows. */
const MAX_PAGE_SIZE = 100;

const norm = (s: string) => s.toLowerCase().replace(/[-_]/g, '');
const singularOf = (segment: string) => segment.replace(/ies$/i, 'y').replace(/(?<=[^s])s$/i, '');
const staticSegments = (path: string) => path.split('/').filter((s) => s && !s.startsWith('{'));
const paramsIn = (path: string) => [...path.matchAll(/{([^}]+)}/g)].map((m) => m[1]);
const success = (op: Operation) => op.responses.filter((r) => /^2/.test(r.code));

/** What the document's words say of a method on its own: the RFC 9110 reading a SHOULD rests on. */
export const HTTP_MEANING = {
  GET: 'RFC 9110 §9.3.1: «The GET method requests transfer of a current selected representation for the target resource.»',
  PUT: 'RFC 9110 §9.3.4: «The PUT method requests that the state of the target resource be created or replaced with the state defined by the representation enclosed in the request message content.»',
  PATCH:
    'RFC 5789 §2: «The PATCH method requests that a set of changes described in the request entity be applied to the resource identified by the Request-URI.»',
  DELETE:
    'RFC 9110 §9.3.5: «The DELETE method requests that the origin server remove the association between the target resource and its current functionality.»',
  POST: 'RFC 9110 §15.3.2: «The 201 (Created) status code indicates that the request has been fulfilled and has resulted in one or more new resources being created.»',
} as const;

export class LifecycleReader {
  constructor(
    private readonly doc: NormalizedDocument,
    private readonly operations: readonly Operation[],
  ) {}

  /** A schema with its references followed and its allOf parts merged: the properties an answer or parameter has. */
  private flat(schema: JsonSchema | undefined, depth = 0): JsonSchema {
    if (!schema || depth > 8) return {};
    const resolved = this.doc.resolved(schema);
    if (resolved.$ref) return this.flat(resolved, depth + 1);
    if (!resolved.allOf?.length) return resolved;
    const parts = resolved.allOf.map((s) => this.flat(s as JsonSchema, depth + 1));
    const properties = Object.assign({}, ...parts.map((p) => p.properties ?? {}), resolved.properties ?? {});
    return { ...resolved, properties, type: resolved.type ?? parts.find((p) => p.type)?.type };
  }

  private propertiesOf(schema: JsonSchema | undefined): Record<string, JsonSchema> {
    return (this.flat(schema).properties ?? {}) as Record<string, JsonSchema>;
  }

  /** The object an operation answers on success: its schema's properties, or undefined when it answers none. */
  private answered(op: Operation): Record<string, JsonSchema> | undefined {
    for (const r of success(op)) {
      if (!r.schema) continue;
      const properties = this.propertiesOf({ $ref: `#/components/schemas/${r.schema}` });
      if (Object.keys(properties).length) return properties;
    }
    return undefined;
  }

  /** Whether an operation answers objects with the identifier: one, or a list of them. */
  private answers(op: Operation, id: string): boolean {
    return id in (this.answered(op) ?? {}) || this.listed(op, id) !== undefined;
  }

  /** Where a list answers its objects: the answer itself when it is an array, else its one array property of objects. */
  private listed(op: Operation, id: string): string | undefined {
    for (const r of success(op)) {
      if (!r.schema) continue;
      const answer = this.flat({ $ref: `#/components/schemas/${r.schema}` });
      const holds = (s: JsonSchema | undefined) => s !== undefined && id in this.propertiesOf(this.flat(s).items as JsonSchema | undefined);
      if (holds(answer)) return '';
      const found = Object.entries(this.propertiesOf(answer)).find(([, s]) => holds(s));
      if (found) return found[0];
    }
    return undefined;
  }

  private typesOf(schema: JsonSchema | undefined): string[] {
    const t = this.flat(schema).type;
    const list = t === undefined ? [] : Array.isArray(t) ? t : [t];
    return list.filter((x) => x !== 'null').map((x) => (x === 'integer' ? 'number' : x));
  }

  /** A parameter's schema as the operation's requests carry it. */
  private parameterSchema(op: Operation, location: string, name: string): JsonSchema | undefined {
    if (!op.request) return undefined;
    const request = this.doc.schemas[op.request];
    const box = (request.properties as Record<string, JsonSchema> | undefined)?.[location];
    return (box?.properties as Record<string, JsonSchema> | undefined)?.[name];
  }

  /** The property a parameter names, by name (`{itemId}` ← id of an item) and type, or undefined. */
  private nameOf(op: Operation, param: { name: string; in: string }, properties: Record<string, JsonSchema>, singular: string): string | undefined {
    const wanted = norm(param.name);
    const property = Object.keys(properties).find((p) => wanted === norm(p) || wanted === norm(singular) + norm(p));
    if (!property) return undefined;
    const a = this.typesOf(this.parameterSchema(op, param.in, param.name));
    const b = this.typesOf(properties[property]);
    return a.length === 0 || b.length === 0 || a.some((t) => b.includes(t)) ? property : undefined;
  }

  /** The document's words that state an operation takes what the create answered: a link, or its description naming the create. */
  private statement(create: Operation, op: Operation, param: string): string | undefined {
    for (const r of success(create)) {
      const link = r.links?.find((l) => this.linkTarget(l) === op && param in l.parameters);
      if (link)
        return `${create.operationId ?? create.key} ${r.code} links.${link.name}: ${op.operationId ?? op.key} takes ${param} = ${link.parameters[param]}${link.description ? ` «${link.description}»` : ''}`;
    }
    // An operationId that is a plain word (`create`) names nothing in prose; `createProject` does.
    const id = create.operationId && /[A-Z0-9_]/.test(create.operationId) ? create.operationId : undefined;
    const named = id && [op.summary, op.description].find((t) => t && new RegExp(`\\b${escapeRegExp(id)}\\b`).test(t));
    return named ? `${op.operationId ?? op.key}: «${named}»` : undefined;
  }

  private linkTarget(link: Link): Operation | undefined {
    if (link.operationId) return this.operations.find((op) => op.operationId === link.operationId);
    const pointer = /^#\/paths\/([^/]+)\/([a-z]+)$/.exec(link.operationRef ?? '');
    if (!pointer) return undefined;
    const path = decodeURIComponent(pointer[1]).replace(/~1/g, '/').replace(/~0/g, '~');
    return this.operations.find((op) => op.path === path && op.method === pointer[2].toUpperCase());
  }

  /** Bindings the create's links state: parameters of other operations set from `$response.body#/<property>`. */
  private linked(create: Operation, properties: Record<string, JsonSchema>): Binding[] {
    return success(create).flatMap((r) =>
      (r.links ?? []).flatMap((link) => {
        const op = this.linkTarget(link);
        if (!op) {
          this.doc.warn(
            `its link ${link.name} names no operation of ${this.doc.file} (${link.operationId ?? link.operationRef}); it is left out`,
            `${create.method} ${create.path}`,
          );
          return [];
        }
        return Object.entries(link.parameters).flatMap(([name, expression]) => {
          const property = /^\$response\.body#\/([^/]+)$/.exec(expression)?.[1];
          const param = op.parameters.find((p) => p.name === name.replace(/^(?:path|query)\./, '') && (p.in === 'path' || p.in === 'query'));
          if (!property || !(property in properties) || !param) return [];
          return [{ op, param: { name: param.name, in: param.in as 'path' | 'query' }, property, stated: this.statement(create, op, name) }];
        });
      }),
    );
  }

  /** POSTs on a collection (the path ends with a name): creates, unless one clones an object of another's collection. */
  private creates(): Operation[] {
    const posts = this.operations.filter((op) => op.method === 'POST' && op.request && !paramsIn(op.path.split('/').pop() ?? '').length);
    return posts.filter((op) => !posts.some((other) => other !== op && op.path.startsWith(`${other.path}/{`) && this.isClone(op, other)));
  }

  resources(): Resource[] {
    const out: Resource[] = [];
    const names = new Set<string>();
    for (const create of this.creates()) {
      const collection = create.path;
      const segment = staticSegments(collection).pop() ?? create.key;
      const singular = singularOf(segment);
      const properties = this.answered(create);
      const id = properties && ['id', `${singular}Id`, `${singular}_id`, 'uuid', 'key'].find((p) => p in properties);
      if (!properties || !id) {
        this.doc.warn(
          'answers no object with an identifier (id, or the name of its collection and Id: itemId): what it creates cannot be followed, and no stateful check is derived from it',
          `${create.method} ${create.path}`,
        );
        continue;
      }
      const base = segment.replace(/[^A-Za-z0-9_-]+/g, '-');
      let name = base;
      for (let i = 2; names.has(name); i++) name = `${base}-${i}`;
      names.add(name);
      const resource: Resource = { name, id, create, lookups: [] };
      const parents = new Set(paramsIn(collection));
      const bind = (op: Operation, param: { name: string; in: 'path' | 'query' }, property: string): Binding => {
        const stated = this.statement(create, op, param.name);
        return { op, param, property, ...(stated ? { stated } : {}) };
      };
      const linked = this.linked(create, properties);
      for (const op of this.operations) {
        if (op === create || !op.request || !(op.path === collection || op.path.startsWith(`${collection}/`))) continue;
        const rest = op.path.slice(collection.length);
        const own = paramsIn(rest).filter((p) => !parents.has(p));
        const byLink = linked.find((b) => b.op === op);
        if (rest === '' && op.method === 'GET') {
          const at = this.listed(op, id);
          const stated = this.statement(create, op, '');
          if (at !== undefined) resource.list ??= { op, at, ...this.paging(op), ...(stated ? { stated } : {}) };
          continue;
        }
        if (own.length === 0 && op.method === 'GET') {
          // A lookup by a query that names another property (`GET /items/search?sku=`).
          const query = op.parameters.find((p) => p.in === 'query' && p.required && this.nameOf(op, p, properties, singular) !== undefined);
          const property = query && this.nameOf(op, query, properties, singular);
          if (query && property && property !== id && this.answers(op, id)) resource.lookups.push(bind(op, { name: query.name, in: 'query' }, property));
          continue;
        }
        if (own.length !== 1) continue;
        const param = { name: own[0], in: 'path' as const };
        const property = byLink?.param.name === param.name ? byLink.property : this.nameOf(op, param, properties, singular);
        if (!property) continue;
        const binding = byLink?.param.name === param.name ? byLink : bind(op, param, property);
        const onItem = rest === `/{${param.name}}`;
        if (property === id && onItem) {
          if (op.method === 'GET') resource.read ??= binding;
          else if (op.method === 'PUT' || op.method === 'PATCH') resource.update ??= binding;
          else if (op.method === 'DELETE') resource.remove ??= binding;
        } else if (property === id && op.method === 'POST' && this.isClone(op, create)) resource.clone ??= binding;
        else if (property !== id && op.method === 'GET' && this.answers(op, id)) resource.lookups.push(binding);
      }
      this.sayGaps(resource);
      out.push(resource);
    }
    return out;
  }

  /** A POST below an object answering the same kind of object: by its words (clone, copy, duplicate) or by the create's answer schema. */
  private isClone(op: Operation, create: Operation): boolean {
    if ([op.operationId, op.summary, op.path].some((t) => t && CLONE_WORDS.test(t))) return true;
    const schemaOf = (o: Operation) =>
      success(o)
        .find((r: DocumentedResponse) => r.schema)
        ?.schemaText?.split(',')[0];
    return schemaOf(op) !== undefined && schemaOf(op) === schemaOf(create);
  }

  /** The query parameters a list pages by, when it has them. */
  private paging(op: Operation): Pick<Listing, 'paging' | 'size'> {
    const query = op.parameters.filter((p) => p.in === 'query');
    const out: Pick<Listing, 'paging' | 'size'> = {};
    const size = query.find((p) => SIZE.test(p.name));
    if (size)
      out.size = { name: size.name, max: Math.min(MAX_PAGE_SIZE, Number(this.flat(this.parameterSchema(op, 'query', size.name)).maximum ?? MAX_PAGE_SIZE)) };
    const page = query.find((p) => PAGE.test(p.name) || OFFSET.test(p.name));
    if (page) {
      const schema = this.flat(this.parameterSchema(op, 'query', page.name));
      const start = typeof schema.minimum === 'number' ? schema.minimum : typeof schema.default === 'number' ? schema.default : PAGE.test(page.name) ? 1 : 0;
      out.paging = { name: page.name, kind: PAGE.test(page.name) ? 'page' : 'offset', start };
    }
    return out;
  }

  /** Says once what a resource's document does not let the harness follow. */
  private sayGaps(r: Resource): void {
    const where = `${r.create.method} ${r.create.path}`;
    if (!r.read) this.doc.warn(`creates ${r.name}, but no GET on ${r.create.path}/{…} reads one by its ${r.id}: what it creates is not read back`, where);
    if (!r.remove)
      this.doc.warn(
        `creates ${r.name}, but no DELETE on ${r.create.path}/{…} removes one: what a run creates of them cannot be removed, so no stateful check of them runs`,
        where,
      );
  }
}

/** The value of a property of an answer, if the answer is an object. */
export const valueOf = (body: unknown, property: string): unknown => (isObject(body) ? body[property] : undefined);
