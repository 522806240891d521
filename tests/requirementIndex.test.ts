// «Search the key, find everything»: for every requirement, a plain text search for its key finds
// its catalog entry, the spec file with the tests that judge it (generated tests too: a spec that
// draws its tests from schema annotations names the keys it draws), and the fault that violates it
// in its API's reference (unless no call of the API can show it). A catalog derived from an OpenAPI
// document (lib/openapi/) has no catalog file: its key is `<operation>.<check>` (or
// `<resource>.<check>`, a stateful check of what an operation creates), the operation is found in
// the document and the check in the kind's specs. `check(key)` itself refuses to run in a
// test not tagged @key (fixtures/conformance.ts), so the embedded run proves the tags.
import './support/demo.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiAdapter } from '../lib/adapter.ts';
import { referenceModules } from '../lib/embeddedReference.ts';
import { isOpenApiAdapter } from '../lib/openapi/adapter.ts';
import { adapters } from '../lib/registry.ts';

const sources = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ file: join(dir, f), text: readFileSync(join(dir, f), 'utf8') }));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The folder of an adapter's reference module (reference/<api>/, or a test API's own). */
const referenceDir = (adapter: ApiAdapter) => dirname(fileURLToPath(adapter.reference!));

test('every requirement key is found in its catalog, in a spec of its API, and in a fault of its reference', async () => {
  const modules = await referenceModules();
  const missing: string[] = [];
  for (const adapter of adapters()) {
    const files = sources(adapter.specDir);
    const catalogs = files.filter((f) => /requirements\.ts$/.test(f.file));
    // Spec files and the helpers that hold their shared tags.
    const specs = files.filter((f) => !/(requirements|adapter)\.ts$/.test(f.file));
    const faults = sources(referenceDir(adapter));
    const faulted = new Set(modules.get(adapter)!.faults.map((f) => f.violates));
    const derived = isOpenApiAdapter(adapter) ? adapter.openapi : undefined;
    const documents = Object.values(adapter.documents).map((url) => readFileSync(url, 'utf8'));
    for (const profile of adapter.profiles) {
      for (const req of profile.catalog.values()) {
        const quoted = (text: string) => text.includes(`'${req.key}'`) || text.includes(`@${req.key}`) || text.includes(`"${req.key}"`);
        // Derived: an operation's check, or a resource's (found by the operation that creates it).
        const resource = derived?.resources.find((r) => req.key.startsWith(`${r.name}.`));
        const op = resource?.create ?? derived?.operations.find((o) => req.key.startsWith(`${o.key}.`));
        const check = op && req.key.slice((resource?.name ?? op.key).length + 1);
        if (derived ? !(op && documents.some((d) => d.includes(op.operationId ?? op.path))) : !catalogs.some((f) => quoted(f.text)))
          missing.push(`${req.id}: not in a catalog file of specs/${adapter.name} (or, derived, its operation in the document)`);
        if (!specs.some((f) => (check ? f.text.includes(check) : quoted(f.text))))
          missing.push(`${req.id}: no spec file of ${adapter.specDir} names it (a generated test's spec names the keys, or the checks, it draws)`);
        if (!req.unobservable && !(faulted.has(req.key) && faults.some((f) => quoted(f.text))))
          missing.push(`${req.id}: no fault in ${relative(ROOT, referenceDir(adapter))} violates it`);
      }
    }
  }
  assert.deepEqual([...new Set(missing)], []);
});
