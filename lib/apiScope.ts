// Every test is declared once per API profile of the run, in a describe block titled `[<profile>]`
// that sets the test's `apiName` and an annotation naming the profile (fixtures/perProfile.ts).
// The API is a test's option, not its project: one pool of Playwright workers serves every API of a
// run, where a project per API started a worker per API, and again for each API a worker moved to
// (docs/bench.md items 20 and 22). Greps, the reporters and the bench find a test's API here.
import { resolve, sep } from 'node:path';
import { escapeRegExp } from './escapeRegExp.ts';

/** The annotation naming the profile a test is declared for. */
export const API_ANNOTATION = 'conformance-api';

/** The title of the describe block holding a profile's tests. */
export const apiTitle = (profile: string) => `[${profile}]`;

/**
 * A RegExp source matching the tests of a profile in the title Playwright greps
 * (`<project> <file> [<profile>] <describes> <title> <tags>`).
 */
export const apiGrep = (profile: string) => escapeRegExp(` ${apiTitle(profile)} `);

/**
 * A Playwright grep keeping, per profile, its tests whose title or tags match that profile's
 * pattern (the CLI's `--level`: a profile's tags at a level; the project's tests' selections).
 * Undefined when no profile has one.
 */
export function grepPerApi(patterns: Readonly<Record<string, string>>): string | undefined {
  const alternatives = Object.entries(patterns).map(([profile, pattern]) => `.*${apiGrep(profile)}.*(?:${pattern})`);
  return alternatives.length ? `^(?:${alternatives.join('|')})` : undefined;
}

/** The --grep a run was started with (lib/runSuite.ts): Playwright does not tell its workers. */
export const GREP_ENV = 'CONFORMANCE_GREP';

/**
 * Whether Playwright's --grep `pattern` keeps a test of this project, title path (its TestInfo's:
 * file, describe blocks, title) and tags, matched as Playwright matches them: against
 * ` <project> <file> <describes> <title> <tags>`, ignoring case unless given as /source/flags.
 */
export function grepKeeps(pattern: string, project: string, titlePath: readonly string[], tags: readonly string[]): boolean {
  const literal = /^\/(.*)\/([gi]*)$/.exec(pattern);
  const re = literal ? new RegExp(literal[1], literal[2].replace('g', '')) : new RegExp(pattern, 'i');
  return re.test(['', project, ...titlePath, ...tags].join(' '));
}

/** The profile a test was declared for, from its annotations (a reporter's TestCase, or a worker's TestInfo). */
export function apiOfTest(test: { annotations: readonly { type: string; description?: string }[] }): string {
  return test.annotations.find((a) => a.type === API_ANNOTATION)?.description ?? '';
}

let runProfiles: readonly string[] | undefined;

/** The profiles this run declares tests for: set by the Playwright config, in the runner and in every worker, before any spec loads. */
export function useRunProfiles(profiles: readonly string[]): void {
  runProfiles = profiles;
}

/** Of these profiles, those the run declares tests for. */
export function inRunProfiles(profiles: readonly string[]): string[] {
  if (!runProfiles) throw new Error('the run declares no profile: specs load through playwright.config.ts, which names them');
  return profiles.filter((p) => runProfiles!.includes(p));
}

/**
 * Where a project finds the specs of its APIs: the folder holding every adapter's spec folder (the
 * same for every project, so that a test's file, and so its title, is the same in every run), and
 * a pattern per spec folder of its own APIs (a project loads no other API's specs).
 */
export function specFolders(every: readonly string[], own: readonly string[]): { testDir: string; testMatch: RegExp[] } {
  const parts = every.map((d) => resolve(d).split(sep));
  let common = 0;
  while (parts.every((p) => common < p.length && p[common] === parts[0][common])) common++;
  return {
    testDir: parts[0].slice(0, common).join(sep) || sep,
    testMatch: own.map((d) => new RegExp(`^${escapeRegExp(resolve(d) + sep)}.*\\.spec\\.ts$`)),
  };
}

/** A test's title as the reports show it: its profile, then its file and titles, without the profile's describe block or the project. */
export function reportTitle(titlePath: readonly string[], profile: string): string {
  return [profile, ...titlePath.slice(2).filter((t) => t !== apiTitle(profile))].join(' › ');
}
