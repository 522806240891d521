// How a run's workers are shared among its APIs. Playwright takes the projects one after another
// when nothing limits them, so against a real deployment one API's rate limit or slow bot would
// hold every worker while the others wait. With more than one API in the run, each takes two
// workers (one may sit in a mandated wait while the other sends), or its even share when there
// are workers enough for more, and never more than half. With half each, the APIs listed last
// waited for the first two to end: at 8 workers against a rate-limited deployment, edna and Lia
// started 37 s into a 59 s run (npm run bench, realistic target). A run of one API keeps every
// worker. In a kill or variant check (many runs) the limit also cuts the worker starts: a worker
// serves one project, and without it every project in turn would start a worker in every slot
// (30 starts for 5 projects and 6 workers).

/** The projects named on Playwright's command line (`--project=a`, `--project a b`); undefined when none is. */
export function projectsAsked(argv: readonly string[]): Set<string> | undefined {
  const names = argv.flatMap((arg, i) => {
    if (arg.startsWith('--project=')) return [arg.slice('--project='.length)];
    if (arg !== '--project') return [];
    const rest = argv.slice(i + 1);
    const end = rest.findIndex((a) => a.startsWith('-'));
    return end === -1 ? rest : rest.slice(0, end);
  });
  return names.length ? new Set(names) : undefined;
}

/**
 * The profiles a run is about, of `all` (registry order): those the target file declares (every one
 * without a file), or asked for by name even without a section (to be reported untested, saying
 * why); narrowed to those asked for. Its projects collect their tests, and its report lists them.
 */
export function profilesOfRun(all: readonly string[], sections: readonly string[] | undefined, asked: ReadonlySet<string> | undefined): string[] {
  return all.filter((p) => (!sections || sections.includes(p) || asked?.has(p)) && (!asked || asked.has(p)));
}

/** The most workers one project may take: undefined (all of them) unless several projects share the run. */
export function workersPerProject(workers: number, projects: number): number | undefined {
  return projects > 1 ? Math.min(Math.ceil(workers / 2), Math.max(2, Math.ceil(workers / projects))) : undefined;
}
