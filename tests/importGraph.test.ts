// The folders' import rules, kept by a test rather than by reviews: imports run one way between an
// API's specs and its reference (the reference may read its spec folder's target types, never the
// other way), the core imports no API folder, fixture or test, and no module imports itself back
// through others (a cycle: type-only imports count, as they tie the modules just the same), and
// the CLI does not load what only the workers use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['lib', 'specs', 'reference', 'fixtures', 'bin', 'tests'];

const sources = (dir: string): string[] =>
  readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

/**
 * Each project file's relative static imports and re-exports, as project paths; `loaded`: only
 * those that load a module when the file runs (not `import type`, not `export type`).
 */
function importGraph(loaded = false): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of [...FOLDERS.flatMap(sources), 'playwright.config.ts']) {
    const text = readFileSync(join(root, file), 'utf8');
    // `import … from '…'`, `export … from '…'` and a bare `import '…'`.
    const targets = [...text.matchAll(/^\s*(?:(import|export)\b([^'"]*?)\bfrom\s+|import\s+)'(\.{1,2}\/[^']+)'/gm)]
      .filter((m) => !loaded || !/^\s*type\b/.test(m[2] ?? ''))
      .map((m) => relative(root, resolve(root, dirname(file), m[3])));
    graph.set(file, targets);
  }
  return graph;
}

/** The path by which `entry` loads `module` at its start, if it does. */
function loadPath(graph: Map<string, string[]>, entry: string, module: string): string[] | undefined {
  const from = new Map<string, string | undefined>([[entry, undefined]]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const next of (graph.get(file) ?? []).filter((n) => !from.has(n))) {
      from.set(next, file);
      queue.push(next);
    }
  }
  if (!from.has(module)) return undefined;
  const path = [module];
  while (from.get(path[0]) !== undefined) path.unshift(from.get(path[0])!);
  return path;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

const edges = (graph: Map<string, string[]>) => [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));

/** The imports the folders' rules forbid, as `from → to`. */
const forbidden = (graph: Map<string, string[]>) =>
  edges(graph)
    .filter(
      ({ from, to }) =>
        (from.startsWith('specs/') && to.startsWith('reference/')) || (from.startsWith('lib/') && /^(specs|reference|fixtures|tests)\//.test(to)),
    )
    .map(({ from, to }) => `${from} → ${to}`);

/** The project's graph, read once for every test of this file. */
const GRAPH = importGraph();

test('no module imports itself back through others', () => {
  assert.deepEqual(
    cycles(GRAPH).map((c) => c.join(' → ')),
    [],
  );
});

test("an API's specs never import its reference, and the core imports no API folder, fixture or test", () => {
  assert.deepEqual(forbidden(GRAPH), []);
});

test('the CLI loads no case generator (faker and fast-check: 0.1 CPU-s of every run, which generates in the workers)', () => {
  assert.equal(loadPath(importGraph(true), 'bin/conformance.ts', 'lib/cases.ts')?.join(' → '), undefined);
});

test('the rules see a cycle and a forbidden import when there is one', () => {
  const graph = new Map([
    ['lib/a.ts', ['lib/b.ts']],
    ['lib/b.ts', ['lib/a.ts']],
    ['lib/c.ts', []],
  ]);
  assert.deepEqual(cycles(graph), [['lib/a.ts', 'lib/b.ts', 'lib/a.ts']]);
  const crossing = new Map([
    ['specs/x/a.spec.ts', ['reference/x/server.ts', 'lib/httpClient.ts']],
    ['lib/c.ts', ['tests/support/setup.ts']],
    ['lib/bench/d.ts', ['specs/registry.ts']],
  ]);
  assert.deepEqual(forbidden(crossing), [
    'specs/x/a.spec.ts → reference/x/server.ts',
    'lib/c.ts → tests/support/setup.ts',
    'lib/bench/d.ts → specs/registry.ts',
  ]);
  assert.ok(GRAPH.get('lib/httpClient.ts')?.includes('lib/exchange.ts'), 'the graph holds real imports');
  assert.ok(GRAPH.get('tests/bench.test.ts')?.includes('tests/support/setup.ts'), 'and bare ones');
  const loaded = new Map([
    ['bin/x.ts', ['lib/a.ts', 'lib/t.ts']],
    ['lib/a.ts', ['lib/cases.ts']],
  ]);
  assert.deepEqual(loadPath(loaded, 'bin/x.ts', 'lib/cases.ts'), ['bin/x.ts', 'lib/a.ts', 'lib/cases.ts']);
  assert.equal(loadPath(loaded, 'lib/t.ts', 'lib/cases.ts'), undefined);
  assert.ok(GRAPH.get('lib/adapter.ts')?.includes('lib/requirements.ts'), 'a type-only import ties modules');
  assert.ok(!importGraph(true).get('lib/adapter.ts')?.includes('lib/requirements.ts'), 'but loads nothing');
});
