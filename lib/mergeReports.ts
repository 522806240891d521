// The merge of a sharded run (`chatbot-api-conformance merge`): one conformance report — its JSON,
// page and JUnit — built from the shards' records as one run would have built it, and Playwright's
// own HTML and JUnit reports from the shards' blob reports through `playwright merge-reports`.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { buildReport, type ConformanceReport } from './conformanceReport.ts';
import { PLAYWRIGHT_REPORT } from './conformanceHtml.ts';
import { redactDeep } from './redactSecrets.ts';
import { writeReportFiles } from './reportFiles.ts';
import { runCommand } from './runSuite.ts';
import { mergeShards, readShards, ShardError } from './shards.ts';

/** Playwright's HTML report (html/, where the conformance page links) and JUnit (junit.xml), as a whole run writes them. */
async function mergePlaywrightReports(blobs: string[], outDir: string): Promise<void> {
  // merge-reports reads every blob of one folder.
  const folder = mkdtempSync(join(tmpdir(), 'conformance-blobs-'));
  const html = join(outDir, PLAYWRIGHT_REPORT);
  try {
    for (const blob of blobs) copyFileSync(blob, join(folder, basename(blob)));
    rmSync(join(outDir, 'html'), { recursive: true, force: true });
    const env = { PLAYWRIGHT_HTML_OUTPUT_DIR: join(outDir, 'html'), PLAYWRIGHT_HTML_OPEN: 'never', PLAYWRIGHT_JUNIT_OUTPUT_FILE: join(outDir, 'junit.xml') };
    // Its exit code says whether a test failed; whether it merged is whether the report is there.
    const run = await runCommand(['playwright', 'merge-reports', '--reporter', 'html,junit', folder], { env });
    if (!existsSync(html)) throw new ShardError(`playwright merge-reports wrote no report (exit code ${run.exitCode}):\n${run.output.slice(-2000)}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

export interface MergedRun {
  report: ConformanceReport;
  shards: number;
}

/** Reads the shards under `dirs` and writes the whole run's reports to `outDir`. Throws ShardError on shards that are not one whole run. */
export async function mergeShardReports(dirs: string[], outDir: string): Promise<MergedRun> {
  const shards = readShards(dirs);
  const report = redactDeep(buildReport(mergeShards(shards)));
  writeReportFiles(outDir, report);
  await mergePlaywrightReports(
    shards.map((s) => s.blob),
    outDir,
  );
  return { report, shards: shards.length };
}
