// npm run reference -- [--webhook HOST:PORT] [--faults a,b] [--variants a,b] [--out FILE]
// Starts the embedded reference on its own and prints (or writes) a target file that describes
// it, so the suite can be pointed at it like at any deployment. Ctrl-C stops it.
import { writeFileSync } from 'node:fs';
import { commandLine, usageError } from '../lib/commandLine.ts';
import { startEmbeddedReference } from '../lib/embeddedReference.ts';
import { useAdapters } from '../lib/registry.ts';
import { resolveTarget, TargetError } from '../lib/target.ts';
import { runAdapters } from '../specs/registry.ts';

const USAGE = 'usage: npm run reference -- [--webhook HOST:PORT] [--faults a,b] [--variants a,b] [--out FILE]';
const { values } = commandLine('reference', USAGE, {
  options: { webhook: { type: 'string' }, faults: { type: 'string' }, variants: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean' } },
});
useAdapters(await runAdapters());
// Left running, it meets run after run: what a run spends is minted for each (fixturesCommand).
const reference = await startEmbeddedReference({ webhookListen: values.webhook, faults: values.faults, variants: values.variants, manyRuns: true });
const target = { ...reference.target, name: 'local-reference' };
try {
  // What the harness would refuse (a --webhook of port 0, or without a port) is said now, not at the first run.
  resolveTarget(structuredClone(target), {}, 'the target file it would write');
} catch (err) {
  if (!(err instanceof TargetError)) throw err;
  await reference.close();
  usageError('reference', err.message, USAGE);
}
const file = JSON.stringify(target, null, 2);
if (values.out) {
  writeFileSync(values.out, file);
  console.error(`reference running; target file written to ${values.out}`);
} else console.log(file);
console.error('Ctrl-C to stop');
const stop = async () => {
  await reference.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
