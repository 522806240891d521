// One section of the OpenAPI kind, run as a vendor runs it: a target file with only that section
// (the Chat API's own document, against the embedded Chat API reference behind a forwarder that
// notes when the first request came — the preflight's). From the timeline: the preflight's
// request → the first test's request, which tests were collected, and the time to a verdict per
// operation of the document.
import { writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { startEmbeddedReference } from '../embeddedReference.ts';
import { adapters } from '../registry.ts';
import { PROJECT_ROOT } from '../runSuite.ts';
import { benchSuiteRun } from './suiteRun.ts';

export const SECTION = 'bench-openapi';

export interface OpenApiSectionFigures {
  exitCode: number;
  wallMs: number;
  /** The preflight's request reached the target → the first test's request started. */
  preflightToFirstTestRequestMs: number;
  /** The operations of the document the section's requirements name, and the wall time per operation. */
  operations: number;
  msPerOperation: number;
  tests: number;
  /** APIs of collected tests other than the section's: none when only declared APIs are collected. */
  otherApis: string[];
  verdicts?: Record<string, number>;
}

/** A forwarder to `upstream` that notes the time of the first request it gets. */
async function firstRequestRecorder(upstream: string): Promise<{ server: Server; url: string; firstAt: () => number | undefined }> {
  let firstAt: number | undefined;
  const to = new URL(upstream);
  const server = createServer((req, res) => {
    firstAt ??= Date.now();
    const out = request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, firstAt: () => firstAt };
}

export async function runOpenApiSection(dir: string, seed: number): Promise<OpenApiSectionFigures> {
  const reference = await startEmbeddedReference({ only: adapters().filter((a) => a.name === 'chat-api'), faults: '', variants: '', env: {} });
  const { baseUrl, token } = reference.target.apis['jaicp-chat'];
  const recorder = await firstRequestRecorder(String(baseUrl));
  try {
    const file = join(dir, '..', `${SECTION}.target.json`);
    const document = join(PROJECT_ROOT, 'schemas/chat-api.openapi.json');
    writeFileSync(file, JSON.stringify({ name: SECTION, apis: { [SECTION]: { baseUrl: recorder.url, token, openapi: { document } } } }));
    const run = await benchSuiteRun({ dir, workers: 2, seed, env: { CONFORMANCE_TARGET: file } });
    const tests = run.timeline.tests;
    const firstTestRequest = Math.min(...tests.map((t) => t.firstRequestAt ?? Infinity));
    const operations = new Set((run.requirements ?? []).filter((id) => id.startsWith(`${SECTION}.`)).map((id) => id.split('.')[1])).size;
    return {
      exitCode: run.exitCode,
      wallMs: Math.round(run.wallMs),
      preflightToFirstTestRequestMs: firstTestRequest - (recorder.firstAt() ?? NaN),
      operations,
      msPerOperation: Math.round(run.wallMs / Math.max(1, operations)),
      tests: tests.length,
      otherApis: [...new Set(tests.map((t) => t.api))].filter((p) => p !== SECTION),
      verdicts: run.verdicts,
    };
  } finally {
    recorder.server.close();
    await reference.close();
  }
}
