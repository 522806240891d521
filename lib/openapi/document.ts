// Reading an OpenAPI document the harness was pointed at: YAML or JSON (YAML 1.2 reads both), its
// `$ref`s to other files bundled in and the document validated against OpenAPI's own schema by
// @readme/openapi-parser (3.0 and 3.1). One clear configuration error naming the place when the
// document itself cannot be read or does not parse; what a vendor's document gets wrong beyond that
// — a reference to nothing, to a file that is not there or does not parse, to the network, or a
// document its schema refuses — is said as the document's flaw, and the harness reads the rest.
import { readFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { TargetError } from '../target.ts';

type Json = Record<string, unknown>;

/** A flaw of the document, and where it is. */
export interface Flaw {
  message: string;
  place: string;
}

/** Marks a `$ref` the harness could not follow (its target is not there): a schema taking any value, a part left out. */
export const UNRESOLVED = 'x-conformance-unresolved';

/** The parser, loaded by the first document (a quarter of a CPU-second in every process of every run otherwise: the CLI, the runner, each worker). */
const parser = () => import('@readme/openapi-parser');

/** How often a bundle is tried again after a reference to nothing was put aside. */
const MAX_REPAIRS = 100;

/** YAML or JSON text as a mapping; throws naming the line and column where it does not parse. */
function parseText(text: string, what: string): Json {
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [error] = parsed.errors;
  if (error) {
    const at = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    throw new Error(`${what} is not valid YAML or JSON${at}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const value: unknown = parsed.toJS({ maxAliasCount: 10_000 });
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what} is not a mapping at its top level`);
  return value as Json;
}

/**
 * The document file itself: parsed, and an OpenAPI 3.0 or 3.1 document. `place` says where the
 * harness was told about it (`target file t.json: apis.projects.openapi.document`).
 */
function readDocumentFile(path: string, place: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TargetError(`${place}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let value: Json;
  try {
    value = parseText(text, path);
  } catch (err) {
    throw new TargetError(
      `${place}: ${(err as Error).message.replace(/is not a mapping at its top level$/, 'is not an OpenAPI document (its top level is not a mapping)')}`,
    );
  }
  const version = value.openapi;
  if (value.swagger !== undefined)
    throw new TargetError(`${place}: ${path} is Swagger 2.0; the harness reads OpenAPI 3.0 and 3.1 (convert it, e.g. with swagger2openapi)`);
  if (typeof version !== 'string' || !/^3\.[01]\./.test(version))
    throw new TargetError(`${place}: ${path} has no "openapi: 3.0.x" or "3.1.x" field (found ${JSON.stringify(version)})`);
  return value;
}

/** A file path from what the reference parser calls a file (a path, or a file: URL). */
const pathOf = (url: string) => (url.startsWith('file:') ? fileURLToPath(url) : decodeURIComponent(url));

/** Where a `$ref` of a file points: its file (absolute) and fragment. */
function targetOf(ref: string, file: string): { file: string; fragment: string } {
  const [where, fragment = ''] = ref.split('#');
  return { file: where ? resolve(dirname(file), decodeURIComponent(where)) : file, fragment };
}

/**
 * What the bundling has put aside so far: references to nothing (by the absolute target they name)
 * and files that cannot be read; every `$ref` to them is marked UNRESOLVED where it stands, and
 * said once with where.
 */
class Repairs {
  readonly missing = new Set<string>();
  readonly unreadable = new Map<string, string>();
  readonly flaws = new Map<string, Flaw>();

  constructor(private readonly root: string) {}

  private name(file: string): string {
    return file === this.root ? basename(file) : relative(dirname(this.root), file);
  }

  /** A file's content with every `$ref` it cannot follow marked, as JSON text for the bundler. */
  read(file: string, value: Json): string {
    const walk = (node: unknown, at: string[]): unknown => {
      if (Array.isArray(node)) return node.map((v, i) => walk(v, [...at, String(i)]));
      if (!node || typeof node !== 'object') return node;
      const out: Json = {};
      for (const [key, v] of Object.entries(node)) out[key] = walk(v, [...at, key]);
      const ref = (node as Json).$ref;
      if (typeof ref !== 'string') return out;
      const why = this.unfollowable(ref, file);
      if (!why) return out;
      const place = `${this.name(file)}: ${at.join('.')}`;
      this.flaws.set(`${place}|${ref}`, { place, message: `the reference ${ref} ${why}; any value is taken there, and a part it names is left out` });
      delete out.$ref;
      return { ...out, [UNRESOLVED]: ref };
    };
    return JSON.stringify(walk(value, []));
  }

  private unfollowable(ref: string, file: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !ref.startsWith('file:')) return 'points to the network, which the harness never reads';
    const target = targetOf(ref, file);
    const unreadable = this.unreadable.get(target.file);
    if (unreadable) return `points to ${this.name(target.file)}, which ${unreadable}`;
    if (this.missing.has(`${target.file}#${target.fragment}`)) return `names nothing in ${this.name(target.file)}`;
    return undefined;
  }
}

/**
 * The document with every other file it references bundled in (all `$ref`s local), and its flaws:
 * references it cannot follow, and (`validated`) what OpenAPI's own schema and the parser's rules
 * say of it — half a second, spent only where the flaws are said.
 */
export async function loadDocument(path: string, place: string, validated = true): Promise<{ document: Json; flaws: Flaw[] }> {
  const root = resolve(path);
  const rootValue = readDocumentFile(root, place);
  const repairs = new Repairs(root);
  const resolver = {
    order: 1,
    canRead: (file: { url: string }) => !/^https?:/i.test(file.url),
    read: (file: { url: string }) => {
      const at = pathOf(file.url);
      if (at === root) return repairs.read(root, rootValue);
      let value: Json;
      try {
        value = parseText(readFileSync(at, 'utf8'), basename(at));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new Error(code ? `cannot be read (${code})` : (err as Error).message.replace(/^\S+ /, ''));
      }
      return repairs.read(at, value);
    },
  };
  let document: Json | undefined;
  for (let tries = 0; !document; tries++) {
    try {
      document = (await (await parser()).bundle(root, { resolve: { file: resolver as never } })) as unknown as Json;
    } catch (err) {
      const e = err as Error & { source?: string; targetRef?: string; code?: string };
      const source = e.source && pathOf(e.source);
      if (tries >= MAX_REPAIRS || !source) throw new TargetError(`${place}: ${path}: its references cannot be followed: ${e.message.split('\n')[0]}`);
      if (source === root && e.code !== 'EMISSINGPOINTER') throw new TargetError(`${place}: ${path}: ${e.message.split('\n')[0]}`);
      if (e.code === 'EMISSINGPOINTER') repairs.missing.add(`${source}#${(e.targetRef ?? '').split('#')[1] ?? ''}`);
      else
        repairs.unreadable.set(
          source,
          /^Error (?:reading|opening) file/.test(e.message)
            ? 'cannot be read'
            : `does not parse (${e.message.split('\n')[0].replace(/^Error parsing \S+: /, '')})`,
        );
    }
  }
  return { document, flaws: [...repairs.flaws.values(), ...(validated ? await schemaFlaws(document, basename(path)) : [])] };
}

/** What OpenAPI's schema and the parser's rules say of a document, said once as its flaw (the first few errors). */
async function schemaFlaws(document: Json, file: string): Promise<Flaw[]> {
  const result = await (await parser()).validate(structuredClone(document) as never);
  if (result.valid) return [];
  // better-ajv-errors: a headline, then a frame of the document whose marked line says what is wrong there.
  const errors = result.errors.map((e) => [e.message.split('\n')[0].trim(), /\^+ (.+)$/m.exec(e.message)?.[1]].filter(Boolean).join(': '));
  const more = result.errors.length - 3 + result.additionalErrors;
  const said = `${errors.slice(0, 3).join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
  return [
    {
      place: '',
      message: `${file} is not a valid OpenAPI ${String(document.openapi)} document (its schema says: ${said}); the harness reads what it can of it`,
    },
  ];
}
