// The target file's sections of the OpenAPI kind: every `apis.<name>` with an `openapi` field
// becomes an adapter of its own, before the file is validated (validation needs every section's
// schema). The entry points all build the same list from CONFORMANCE_TARGET, so the CLI, the
// Playwright config, the global setup, the reporter and the workers agree; the document's
// warnings are said once, by the first of them.
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ajv2020 } from '../lazyAjv.ts';
import { secretEnv, type ApiAdapter } from '../adapter.ts';
import { describeSchemaError, TargetError } from '../target.ts';
import { openApiAdapter, sectionSchema, type OpenApiAdapter, type OpenApiOptions } from './adapter.ts';
import { openApiSections } from './kindSections.ts';
import { parseTargetText } from '../targetJson.ts';

/** Set once the warnings were said; child processes (Playwright, its workers) inherit it. */
const SAID_ENV = 'CONFORMANCE_OPENAPI_SAID';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** The `openapi` field of a section, checked before anything is read: a bad one is named like any target-file error. */
function checkField(value: unknown, at: string, origin: string, kind: KindSetup): void {
  const schema = (sectionSchema('check', false, kind.catalogue) as { properties: { openapi: object } }).properties.openapi;
  // The project's own schema: not checked against JSON Schema's meta-schema in every process (a quarter of a second).
  const Ajv2020 = ajv2020();
  const validate = new Ajv2020({ allErrors: true, validateSchema: false }).compile(schema);
  if (validate(value)) return;
  const lines = [...new Set((validate.errors ?? []).map((e) => describeSchemaError({ ...e, instancePath: `/apis/${at}/openapi${e.instancePath}` })))];
  throw new TargetError(`${origin} is not valid:\n  - ${lines.join('\n  - ')}`);
}

/** What the builder of the kind's adapters says of all of them: where its specs are, and the catalogue sections may name an entry in. */
export type KindSetup = Pick<OpenApiOptions, 'specDir' | 'catalogue'>;

/**
 * An adapter per `openapi` section of the target file, or none when there is no file or it does
 * not parse (loading it reports that). `taken`: the adapters already registered, whose names a
 * section may not take. Throws TargetError naming the place of a problem.
 */
export async function openApiSectionAdapters(
  targetFile: string | undefined,
  taken: readonly ApiAdapter[],
  kind: KindSetup,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenApiAdapter[]> {
  if (!targetFile) return [];
  let text: string;
  let raw: unknown;
  try {
    text = readFileSync(targetFile, 'utf8');
    raw = parseTargetText(text);
  } catch {
    return [];
  }
  // The runner asks twice (its config, then the global setup): the same file derives once per process.
  const secrets = Object.entries(env).filter(([k]) => k.startsWith('CONFORMANCE_') && k !== SAID_ENV);
  const key = JSON.stringify([resolve(targetFile), text, kind, taken.flatMap((a) => a.profiles.map((p) => p.name)), secrets.sort()]);
  const known = derived.get(key);
  if (known) return known;
  const built = await sectionAdapters(targetFile, raw, taken, kind, env);
  derived.set(key, built);
  return built;
}

/** The section adapters of one process, by target file and its content, the kind and the environment (see openApiSectionAdapters). */
const derived = new Map<string, OpenApiAdapter[]>();

async function sectionAdapters(
  targetFile: string,
  raw: unknown,
  taken: readonly ApiAdapter[],
  kind: KindSetup,
  env: NodeJS.ProcessEnv,
): Promise<OpenApiAdapter[]> {
  const origin = `target file ${targetFile}`;
  const builtIn = new Set(taken.flatMap((a) => a.profiles.map((p) => p.name)));
  const built: OpenApiAdapter[] = [];
  for (const [name, section] of openApiSections(raw)) {
    if (builtIn.has(name))
      throw new TargetError(`${origin}: apis.${name}: "${name}" is a built-in API; a section with an "openapi" document needs a name of its own`);
    if (!NAME.test(name))
      throw new TargetError(`${origin}: apis.${name}: the name of an openapi section starts its requirement ids: letters, digits, "_" and "-" only`);
    checkField(section.openapi, name, origin, kind);
    const openapi = section.openapi as { document: string; unsafe?: string[]; skip?: string[]; preflight?: string; catalogue?: string };
    const adapter = await openApiAdapter({
      name,
      document: resolve(dirname(targetFile), openapi.document),
      place: `${origin}: apis.${name}.openapi.document`,
      unsafe: openapi.unsafe,
      skip: openapi.skip,
      preflight: openapi.preflight,
      catalogueEntry: openapi.catalogue,
      ...kind,
      // Its flaws are said by the first process only: the others need not validate it.
      validated: !env[SAID_ENV],
    });
    const { operations, catalogue, notRun } = adapter.openapi;
    const needsToken = catalogue?.needsToken !== false && operations.some((op) => op.credential?.required && !notRun(op));
    if (needsToken && section.token === undefined && !env[secretEnv(name, 'token')]) {
      throw new TargetError(
        `${origin}: apis.${name}: missing required field "token" (${basename(openapi.document)} says where a token goes; or set ${secretEnv(name, 'token')})`,
      );
    }
    built.push(adapter);
  }
  if (built.length && !env[SAID_ENV]) {
    for (const { openapi: api } of built) {
      const running = api.operations.filter((op) => op.request && !api.notRun(op)).length;
      console.error(
        `conformance: ${api.profile}: ${api.file}: ${api.operations.length} operations, ${running} run (GET and HEAD whose words say they change nothing, and what openapi.unsafe lists; --list says why each does or not)`,
      );
      for (const warning of api.warnings) console.error(`conformance: ${api.profile}: warning: ${warning}`);
    }
    env[SAID_ENV] = '1';
    process.env[SAID_ENV] = '1';
  }
  return built;
}
