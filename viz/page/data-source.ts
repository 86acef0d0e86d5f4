/**
 * The one way the page reads runs. Panels never fetch anything: they draw the tables a `DataSource`
 * hands over. Two sources exist — over HTTP from `livetwin viz`, and embedded in an exported HTML file —
 * and a run that is still being written (no summary.json yet) grows through `subscribe`, which hands
 * over the whole, longer timeline each time it changes, so live runs need no change in the panels.
 */
import { tableFromIPC, type Table } from 'apache-arrow';
import type { Summary } from '../../sim/record/run-files.ts';

/** What the page knows about a run before its timeline is loaded. */
export interface RunMeta {
  /** Short name for legends and tables: the run directory's name. */
  label: string;
  /** The run's summary.json; null while the run is still being written. */
  summary: Summary | null;
}

export interface RunUpdate {
  table: Table;
  /** Set once the run has finished: no further updates follow. */
  summary: Summary | null;
}

/** Reads runs for the viewer. */
export interface DataSource {
  runs(): Promise<RunMeta[]>;
  load(i: number): Promise<Table>;
  /**
   * Follows a run that is still being written: `onUpdate` gets the whole timeline each time it has
   * grown, and a last time with the summary when the run completes. Returns a function that stops.
   */
  subscribe?(i: number, onUpdate: (u: RunUpdate) => void): () => void;
}

/** Runs served by `livetwin viz` (viz/server.ts), relative to the page's own URL. */
export function httpSource(base = '', pollMs = 1000): DataSource {
  const getJson = async <T>(path: string): Promise<T> => {
    const r = await fetch(base + path, { cache: 'no-store' });
    if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
    return (await r.json()) as T;
  };
  const load = async (i: number): Promise<Table> => {
    const r = await fetch(`${base}runs/${i}/timeline.arrow`, { cache: 'no-cache' });
    if (!r.ok) throw new Error(`run ${i} timeline: HTTP ${r.status}`);
    return tableFromIPC(new Uint8Array(await r.arrayBuffer()));
  };
  return {
    runs: () => getJson<RunMeta[]>('api/runs'),
    load,
    subscribe(i, onUpdate) {
      let stopped = false;
      let etag = '';
      let rows = -1;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const poll = async () => {
        try {
          // Ask for the summary first: once it exists the timeline is closed, so the next read is final.
          const meta = await getJson<RunMeta>(`api/runs/${i}`);
          const r = await fetch(`${base}runs/${i}/timeline.arrow`, { headers: etag ? { 'If-None-Match': etag } : {}, cache: 'no-cache' });
          let table: Table | null = null;
          if (r.status === 200) {
            const next = tableFromIPC(new Uint8Array(await r.arrayBuffer()));
            etag = r.headers.get('ETag') ?? '';
            if (next.numRows !== rows || meta.summary) table = next;
            rows = next.numRows;
          }
          if (stopped) return;
          if (table) onUpdate({ table, summary: meta.summary });
          else if (meta.summary) onUpdate({ table: await load(i), summary: meta.summary });
          if (meta.summary) return;
        } catch {
          // A read that raced a write, or a server restart: try again on the next tick.
        }
        if (!stopped) timer = setTimeout(poll, pollMs);
      };
      timer = setTimeout(poll, pollMs);
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    },
  };
}

/** How `livetwin viz --export` embeds runs: the timeline as base64 of the gzipped Arrow file. */
export interface EmbeddedRuns {
  runs: Array<RunMeta & { timelineGzipBase64: string }>;
}

/** Runs embedded in the page itself (an exported report): works offline and from file://. */
export function embeddedSource(data: EmbeddedRuns): DataSource {
  return {
    runs: async () => data.runs.map(({ label, summary }) => ({ label, summary })),
    async load(i) {
      const bin = atob(data.runs[i].timelineGzipBase64);
      const bytes = new Uint8Array(bin.length);
      for (let k = 0; k < bin.length; k++) bytes[k] = bin.charCodeAt(k);
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      return tableFromIPC(new Uint8Array(await new Response(stream).arrayBuffer()));
    },
  };
}

/** The embedded runs of an exported page, if this is one. */
export function findEmbedded(doc: Document): EmbeddedRuns | null {
  const el = doc.getElementById('livetwin-data');
  return el?.textContent ? (JSON.parse(el.textContent) as EmbeddedRuns) : null;
}
