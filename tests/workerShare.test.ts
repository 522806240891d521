// How a run's workers are shared among its APIs (lib/workerShare.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectsAsked, workersPerProject } from '../lib/workerShare.ts';

test('the projects asked for are read in both of Playwright\'s forms, and none means all', () => {
  assert.equal(projectsAsked(['node', 'cli.js', 'test']), undefined);
  assert.deepEqual(projectsAsked(['node', 'cli.js', 'test', '--project=lia', '--project=edna-threads']), new Set(['lia', 'edna-threads']));
  assert.deepEqual(projectsAsked(['node', 'cli.js', 'test', '--project', 'lia', 'jaicp-chat', '--grep', 'x']), new Set(['lia', 'jaicp-chat']));
});

test('several APIs take at most half the workers each; one API, all of them', () => {
  assert.equal(workersPerProject(8, 5), 4);
  assert.equal(workersPerProject(2, 2), 1);
  assert.equal(workersPerProject(1, 3), 1);
  assert.equal(workersPerProject(3, 2), 2);
  assert.equal(workersPerProject(8, 1), undefined);
});
