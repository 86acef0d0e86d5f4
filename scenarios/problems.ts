/** Bad input, reported as one line per problem: where (file, field path, line:column) and what was expected. */

export interface Problem {
  /** The file, or `--set` for a command-line override. */
  source: string;
  /** Field path, e.g. `audience.peakConcurrent` or `slo[0].metric`; empty for the whole file. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export class ScenarioError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
  }
}

export function formatProblem(p: Problem): string {
  const where = p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : '';
  return `${p.source}${where}: ${p.path || '(top level)'}: ${p.message}`;
}

/** `['slo', 0, 'metric']` -> `slo[0].metric`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const k of path) {
    if (typeof k === 'number') out += `[${k}]`;
    else out += out ? `.${String(k)}` : String(k);
  }
  return out;
}
