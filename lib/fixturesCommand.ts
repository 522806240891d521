// Fresh fixtures on demand: a section's fixturesCommand prints, as JSON, fields of the section for
// this run only (questions a vendor's staging mints for each CI run), as the OpenID conformance
// suite registers a fresh client per plan. Run once per run or shard, before the tests, in the
// runner; what it prints is merged over the section, then the whole file is validated as usual.
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { isObject } from './isObject.ts';
import { SHARD_ENV } from './shards.ts';
import { readTargetJson, resolveTarget, TargetError, type Target } from './target.ts';

/** The section the command is run for, in its environment (CONFORMANCE_SHARD is there when sharded). */
export const FIXTURES_API_ENV = 'CONFORMANCE_API';
/** A command that has not printed its fixtures by then is stuck: the run does not wait on it. */
const COMMAND_TIMEOUT_MS = 120_000;
const MAX_OUTPUT = 4 * 1024 * 1024;

type Json = Record<string, unknown>;

/** Runs one command and returns the JSON object it printed; throws TargetError saying what went wrong. */
export function runFixturesCommand(command: string, where: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Json> {
  return new Promise((resolve, reject) => {
    const fail = (what: string) => reject(new TargetError(`${where}: the command ${JSON.stringify(command)} ${what}`));
    const child = spawn(command, { shell: true, cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`printed no fixtures within ${COMMAND_TIMEOUT_MS / 1000} s`);
    }, COMMAND_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes <= MAX_OUTPUT) out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => void (err = (err + chunk.toString('utf8')).slice(-2000)));
    child.on('error', (e) => {
      clearTimeout(timer);
      fail(`could not be started: ${e.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0)
        return fail(
          `exited with ${code === null ? `signal ${signal}` : `code ${code}`}${err.trim() ? `: ${err.trim().split('\n').slice(-5).join(' | ')}` : ''}`,
        );
      if (outBytes > MAX_OUTPUT) return fail(`printed more than ${MAX_OUTPUT} bytes`);
      let printed: unknown;
      try {
        printed = JSON.parse(Buffer.concat(out).toString('utf8'));
      } catch (e) {
        return fail(`did not print JSON (${(e as Error).message})`);
      }
      if (!isObject(printed)) return fail('printed JSON that is not an object of section fields');
      resolve(printed);
    });
  });
}

/** The section with the printed fields over it: an object field is merged key by key, anything else replaced. */
export function mergeOver(section: Json, printed: Json): Json {
  const merged: Json = { ...section };
  for (const [key, value] of Object.entries(printed)) merged[key] = isObject(value) && isObject(section[key]) ? { ...section[key], ...value } : value;
  return merged;
}

/**
 * Loads a target file, running every section's fixturesCommand first; with `only`, the sections of
 * those APIs alone (the file is validated whole, the others are neither minted nor kept). Throws TargetError.
 */
export async function loadTargetWithFixtures(path: string, env: NodeJS.ProcessEnv = process.env, only?: ReadonlySet<string>): Promise<Target> {
  const raw = readTargetJson(path);
  const apis = isObject(raw) && isObject(raw.apis) ? raw.apis : {};
  const commands = Object.entries(apis).filter(
    (entry): entry is [string, Json & { fixturesCommand: string }] =>
      (!only || only.has(entry[0])) && isObject(entry[1]) && typeof entry[1].fixturesCommand === 'string',
  );
  await Promise.all(
    commands.map(async ([api, section]) => {
      const printed = await runFixturesCommand(section.fixturesCommand, `apis.${api}.fixturesCommand`, dirname(path), { ...env, [FIXTURES_API_ENV]: api });
      apis[api] = mergeOver(section, printed);
    }),
  );
  const origin = commands.length
    ? `target file ${path} with what its fixturesCommand printed (${env[SHARD_ENV] ? `shard ${env[SHARD_ENV]}` : 'this run'})`
    : `target file ${path}`;
  const target = resolveTarget(raw, env, origin);
  return only ? { ...target, apis: Object.fromEntries(Object.entries(target.apis).filter(([api]) => only.has(api))) } : target;
}
