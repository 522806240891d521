// A schema as one side of an exchange sees it. OpenAPI: a readOnly property is sent by the server
// only, a writeOnly one by the client only, and `required` binds each on its side alone. A request
// view takes a schema with properties or required fields as the object it means, and is annotated
// on every node (x-requirement, lib/cases.ts), so that each keyword of a parameter or the body
// yields invalid cases. Components get a copy per side, once.
import type { JsonSchema } from '../schemas.ts';
import { isObject, type Json, type NormalizedDocument } from './normalize.ts';

/** The x-requirement of request nodes: every keyword of them may be broken. */
export const REQUEST_NODE = 'openapi.request';
const MARKS = {
  'x-requirement': REQUEST_NODE,
  'x-requirement-required': REQUEST_NODE,
  'x-requirement-boundary': REQUEST_NODE,
  'x-requirement-exact': REQUEST_NODE,
};

export class SchemaViews {
  private readonly copies = new Map<string, string>();
  private readonly usesWriteOnly: boolean;

  constructor(private readonly doc: NormalizedDocument) {
    this.usesWriteOnly = JSON.stringify(doc.raw).includes('"writeOnly"');
  }

  /** What a client sends: no readOnly property, every node annotated. */
  request(schema: JsonSchema): JsonSchema {
    return this.view(schema, 'readOnly', true);
  }

  /** What a server answers: no writeOnly property (the schema as is when the document has none). */
  answer(schema: JsonSchema): JsonSchema {
    return this.usesWriteOnly ? this.view(schema, 'writeOnly', false) : schema;
  }

  private view(node: JsonSchema, omit: 'readOnly' | 'writeOnly', annotate: boolean): JsonSchema {
    if (!isObject(node)) return node;
    if (node.$ref) {
      const name = node.$ref.split('/').pop()!;
      const key = `${name}|${omit}`;
      let copy = this.copies.get(key);
      if (!copy) {
        copy = this.doc.add(`${name}.${annotate ? 'request' : 'answer'}`, {});
        this.copies.set(key, copy);
        this.doc.schemas[copy] = this.view(this.doc.schemas[name] ?? {}, omit, annotate);
      }
      const { $ref: _ref, ...siblings } = node;
      return { ...this.view(siblings as JsonSchema, omit, annotate), $ref: `#/components/schemas/${copy}` };
    }
    const out: Json = { ...node };
    for (const keyword of ['items', 'additionalProperties', 'not'] as const)
      if (isObject(out[keyword])) out[keyword] = this.view(out[keyword] as JsonSchema, omit, annotate);
    for (const keyword of ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const)
      if (Array.isArray(out[keyword])) out[keyword] = (out[keyword] as JsonSchema[]).map((s) => this.view(s, omit, annotate));
    if (isObject(out.properties)) {
      const entries = Object.entries(out.properties as Record<string, JsonSchema>);
      const dropped = entries.filter(([, p]) => this.flagged(p, omit)).map(([name]) => name);
      out.properties = Object.fromEntries(entries.filter(([name]) => !dropped.includes(name)).map(([name, p]) => [name, this.view(p, omit, annotate)]));
      if (Array.isArray(out.required)) out.required = (out.required as string[]).filter((r) => !dropped.includes(r));
    }
    // A vendor's object often says no `type: object`: JSON Schema then takes any value there, and
    // valid requests would be arrays or numbers. What a client sends is the object the vendor means.
    if (annotate && out.type === undefined && (isObject(out.properties) || Array.isArray(out.required))) out.type = 'object';
    return (annotate ? { ...out, ...MARKS } : out) as JsonSchema;
  }

  private flagged(schema: JsonSchema, flag: 'readOnly' | 'writeOnly'): boolean {
    return (this.doc.resolved(schema) as Json)[flag] === true;
  }
}
