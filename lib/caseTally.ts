// How many generated cases a run drew, for the benchmark (bin/bench.ts), through an explicit seam:
// lib/cases.ts counts the cases it returns in this process (countCases), and, when
// CONFORMANCE_CASE_TALLY is set, an automatic fixture (fixtures/conformance.ts) attaches to each
// test what was drawn during it, and what was drawn on its worker since the test before it ended:
// the spec files loaded for it (top-level draws). The benchmark's reporter reads the attachment.
import type { TestInfo } from '@playwright/test';

export const CASE_TALLY_ENV = 'CONFORMANCE_CASE_TALLY';
export const CASE_TALLY_ATTACHMENT = 'bench-cases';

/** What a test's attachment says. */
export interface TestCases {
  /** Drawn while the test ran. */
  inTest: number;
  /** Drawn on its worker between the previous test's end and its start: spec files loading. */
  atLoad: number;
}

let drawn = 0;
/** The count at the end of this worker's last test. */
let seen = 0;

/** Records that a call of lib/cases.ts returned `count` cases. */
export function countCases(count: number): void {
  drawn += count;
}

/** Runs a test (`use`) and, when the bench asks, attaches the cases drawn for it. */
export async function tallyTestCases(info: TestInfo, use: () => Promise<void>): Promise<void> {
  if (!process.env[CASE_TALLY_ENV]) return use();
  const atStart = drawn;
  try {
    await use();
  } finally {
    const cases: TestCases = { inTest: drawn - atStart, atLoad: atStart - seen };
    seen = drawn;
    await info.attach(CASE_TALLY_ATTACHMENT, { body: JSON.stringify(cases), contentType: 'application/json' });
  }
}
