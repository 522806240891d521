// How a run's workers are shared among its APIs. Playwright takes the projects one after another
// when nothing limits them, so against a real deployment one API's rate limit or slow bot would
// hold every worker while the others wait; with more than one API in the run, none takes more
// than half of them. A kill or variant check (many runs) keeps every worker for whichever project
// has work, and so does a run of one API.

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

/** The most workers one project may take: undefined (all of them) unless several projects share the run. */
export function workersPerProject(workers: number, projects: number): number | undefined {
  return projects > 1 ? Math.max(1, Math.ceil(workers / 2)) : undefined;
}
