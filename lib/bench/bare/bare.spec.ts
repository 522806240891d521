// The bare run's one test: it writes when global setup ended and when the test started.
import { writeFileSync } from 'node:fs';
import { test } from '@playwright/test';

test('starts', () => {
  writeFileSync(process.env.BENCH_BARE_OUT!, JSON.stringify({ setupDoneAt: Number(process.env.BENCH_BARE_SETUP_DONE_AT), testAt: Date.now() }));
});
