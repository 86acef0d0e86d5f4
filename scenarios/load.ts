/**
 * Reading a scenario: YAML (or JSON, which is YAML) from a file, `--set path=value` overrides, schema
 * validation, then the checks that need the model catalogue (fault targets, SLO metrics). Every
 * problem found is reported at once, located in the file where possible.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';
import { scenarioSchema, type Scenario } from './schema/scenario.ts';
import { ScenarioError, formatPath, type Problem } from './problems.ts';

export interface LoadedScenario {
  scenario: Scenario;
  /** The input after overrides, before defaults and units: what a run directory records. */
  raw: Record<string, unknown>;
  file: string;
  /** Field paths given by `--set` (as written before the `=`), for problems found after loading. */
  overridden: ReadonlySet<string>;
}

/** A check that needs to know the models (sim/build's `checkScenario`), so scenarios/ stays model-agnostic. */
export type SemanticCheck = (s: Scenario) => Array<{ path: string; message: string }>;

export interface Checks {
  /** Run on a schema-valid scenario. */
  full: SemanticCheck;
  /** Run on the raw input when the schema fails, so its problems are reported in the same pass. */
  lenient?: (raw: unknown) => Array<{ path: string; message: string }>;
}

export function loadScenarioFile(file: string, sets: string[] = [], checks?: Checks): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message = err.code === 'EISDIR' ? 'is a directory; expected a scenario file (.yaml, .yml or .json)' : `cannot read: ${err.message}`;
    throw new ScenarioError([{ source: file, path: '', message }]);
  }
  return loadScenarioText(text, file, sets, checks);
}

export function loadScenarioText(text: string, file: string, sets: string[] = [], checks?: Checks): LoadedScenario {
  const check = checks?.full;
  const lenient = checks?.lenient;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { source: file, path: '', message: e.message.split('\n')[0], line: pos.line, column: pos.col };
      }),
    );
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError([{ source: file, path: '', message: 'expected a mapping of scenario fields (name, duration, ...)' }]);
  }
  const input = raw as Record<string, unknown>;
  const problems: Problem[] = [];
  const overridden = new Set<string>();
  for (const s of sets) {
    const r = applySet(input, s);
    if (r) problems.push({ source: '--set', path: s, message: r });
    else overridden.add(s.slice(0, s.indexOf('=')));
  }
  if (problems.length) throw new ScenarioError(problems);

  const parsed = scenarioSchema.safeParse(input);
  const locate = (path: PropertyKey[], isKey = false): Problem => {
    const p = formatPath(path);
    for (const o of overridden) if (p === o || p.startsWith(o + '.') || p.startsWith(o + '[')) {
      return { source: '--set', path: p, message: '' };
    }
    const pos = locateNode(doc, lines, path, isKey);
    return { source: file, path: p, message: '', ...pos };
  };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({ ...locate([...issue.path, key], true), message: `unknown field "${key}"` });
        }
      } else {
        problems.push({ ...locate(issue.path), message: describeIssue(issue) });
      }
    }
    for (const p of lenient?.(input) ?? []) {
      if (!problems.some((q) => q.path === p.path)) problems.push({ ...locate(toPath(p.path)), message: p.message });
    }
    throw new ScenarioError(problems);
  }
  if (check) {
    for (const p of check(parsed.data)) problems.push({ ...locate(toPath(p.path)), message: p.message });
  }
  if (problems.length) throw new ScenarioError(problems);
  return { scenario: parsed.data, raw: input, file, overridden };
}

/** `slo[0].metric` -> `['slo', 0, 'metric']`. */
function toPath(path: string): PropertyKey[] {
  return path.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== '').map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

function describeIssue(issue: { code: string; message: string; expected?: unknown; input?: unknown }): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return `required field is missing (expected ${String(issue.expected)})`;
  return issue.message;
}

/** Line and column of the node at `path` (or of its key), as far down the path as the document goes. */
function locateNode(doc: Document, lines: LineCounter, path: PropertyKey[], isKey: boolean): { line?: number; column?: number } {
  let node: Node | null = doc.contents as Node | null;
  let best: Node | null = node;
  for (let i = 0; i < path.length && node; i++) {
    const k = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((it) => (isScalar(it.key) ? it.key.value : it.key) === k);
      if (!pair) break;
      node = last && isKey ? (pair.key as Node) : (pair.value as Node | null);
    } else if (isSeq(node) && typeof k === 'number') {
      node = (node.items[k] as Node | undefined) ?? null;
    } else break;
    if (node?.range) best = node;
  }
  if (!best?.range) return {};
  const pos = lines.linePos(best.range[0]);
  return { line: pos.line, column: pos.col };
}

/**
 * Applies `path=value` to the raw input. The value is read as YAML, so `--set seed=8` is a number,
 * `--set duration=90s` a string, `--set "faults=[]"` a list. Missing intermediate objects are created.
 * `null` (or `~`) removes the field: `--set topology.cdn=null` runs a scenario without its delivery side.
 */
export function applySet(input: Record<string, unknown>, assignment: string): string | null {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return 'expected path=value, e.g. --set duration=90s';
  const path = assignment.slice(0, eq).trim();
  const valueText = assignment.slice(eq + 1);
  const vdoc = parseDocument(valueText);
  if (vdoc.errors.length) return `value is not valid YAML: ${vdoc.errors[0].message.split('\n')[0]}`;
  const value = vdoc.toJS() as unknown;
  const keys = path.split('.').flatMap((seg) => {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(seg);
    if (!m) return [NaN];
    return [m[1], ...[...m[2].matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1]))];
  });
  if (keys.some((k) => typeof k === 'number' && Number.isNaN(k))) return `cannot read the path "${path}"`;
  let obj: Record<string | number, unknown> = input;
  for (let i = 0; i < keys.length - 1; i++) {
    const k = keys[i];
    if (obj[k] === undefined || obj[k] === null) obj[k] = typeof keys[i + 1] === 'number' ? [] : {};
    const next = obj[k];
    if (typeof next !== 'object') return `"${formatPath(keys.slice(0, i + 1))}" is a ${typeof next}, not a section`;
    obj = next as Record<string | number, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === null && !Array.isArray(obj)) delete obj[last];
  else obj[last] = value;
  return null;
}
