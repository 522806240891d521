// npm run conformance -- [--target FILE] [--api NAME]... [--grep TEXT]
// Runs the suite against a target file, or against the embedded reference when none is given.
// Exit codes: 0 every MUST requirement held; 1 a MUST requirement failed (or a test broke);
// 2 a usage or configuration error (bad arguments, bad target file), before any test ran;
// 3 a target section's host could not be reached (its requirements are reported untested).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { reportDir } from '../lib/conformanceReporter.ts';
import { API_NAMES } from '../lib/requirements.ts';
import { runSuite } from '../lib/runSuite.ts';
import { loadTargetFile, TargetError } from '../lib/target.ts';

export const EXIT = { passed: 0, mustFailed: 1, configuration: 2, unreachable: 3 } as const;

function fail(message: string): never {
  console.error(`conformance: ${message}`);
  process.exit(EXIT.configuration);
}

let args;
try {
  args = parseArgs({
    options: {
      target: { type: 'string' },
      api: { type: 'string', multiple: true },
      grep: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\nusage: npm run conformance -- [--target FILE] [--api ${API_NAMES.join('|')}]... [--grep TEXT]`);
}
if (args.help) {
  console.log(`usage: npm run conformance -- [--target FILE] [--api NAME]... [--grep TEXT]
  --target FILE  a target file (see README); without it the embedded reference is tested
  --api NAME     only this API (${API_NAMES.join(', ')}); may repeat
  --grep TEXT    only tests whose title or tags match (e.g. a requirement key: events.max-250)
exit codes: 0 all MUST requirements held, 1 a MUST requirement failed, 2 usage or configuration error,
  3 a target could not be reached`);
  process.exit(EXIT.passed);
}

const env: NodeJS.ProcessEnv = {};
const target = args.target ?? process.env.CONFORMANCE_TARGET;
if (target) {
  const path = resolve(target);
  try {
    loadTargetFile(path);
  } catch (err) {
    if (err instanceof TargetError) fail(err.message);
    throw err;
  }
  env.CONFORMANCE_TARGET = path;
}
for (const api of args.api ?? []) {
  if (!(API_NAMES as readonly string[]).includes(api)) fail(`unknown --api ${api}; one of ${API_NAMES.join(', ')}`);
}

const run = await runSuite({ reportDir: reportDir(), env, projects: args.api, grep: args.grep, echo: true });
if (!run.report) {
  console.error('conformance: the run ended without a report (see the output above)');
  process.exit(run.exitCode === 0 ? EXIT.mustFailed : run.exitCode);
}
if (run.report.totals.mustFailed > 0 || run.exitCode !== 0) process.exit(EXIT.mustFailed);
process.exit(Object.keys(run.report.unreachable).length > 0 ? EXIT.unreachable : EXIT.passed);
