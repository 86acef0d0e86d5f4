/**
 * The permalink: zoom, pinned time and series selection live in the URL's hash, so a copied link opens
 * the same view (also from an exported file, where a query string would not survive). Series are stored
 * as changes from the defaults: `off` lists series shown by default but hidden, `on` the opposite.
 */
export interface UrlState {
  /** Zoomed time window, seconds; null for the whole run. */
  zoom: [number, number] | null;
  /** Pinned cursor time, seconds. */
  at: number | null;
  off: Set<string>;
  on: Set<string>;
}

export function parseHash(hash: string): UrlState {
  // Split by hand: each name is percent-encoded on its own, so a comma inside a name stays %2C.
  const p = new Map(hash.replace(/^#/, '').split('&').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const nums = (s: string | undefined) => (s ?? '').split(',').filter(Boolean).map(Number);
  const z = nums(p.get('z'));
  const at = nums(p.get('at'));
  const names = (s: string | undefined) => new Set((s ?? '').split(',').filter(Boolean).map(safeDecode));
  return {
    zoom: z.length === 2 && z.every(Number.isFinite) && z[0] < z[1] ? [z[0], z[1]] : null,
    at: at.length === 1 && Number.isFinite(at[0]) ? at[0] : null,
    off: names(p.get('off')),
    on: names(p.get('on')),
  };
}

export function formatHash(s: UrlState): string {
  const parts: string[] = [];
  const num = (v: number) => String(Math.round(v * 100) / 100);
  if (s.zoom) parts.push(`z=${num(s.zoom[0])},${num(s.zoom[1])}`);
  if (s.at !== null) parts.push(`at=${num(s.at)}`);
  const list = (set: Set<string>) => [...set].sort().map(encodeURIComponent).join(',');
  if (s.off.size) parts.push(`off=${list(s.off)}`);
  if (s.on.size) parts.push(`on=${list(s.on)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/** Writes the state into the address bar without adding a history entry (coalesced per frame). */
export function urlWriter(win: Window): (s: UrlState) => void {
  let pending: UrlState | null = null;
  return (s) => {
    if (pending === null) {
      requestAnimationFrame(() => {
        const h = formatHash(pending!);
        pending = null;
        const url = win.location.href.replace(/#.*$/, '') + h;
        if (url !== win.location.href) win.history.replaceState(null, '', url);
      });
    }
    pending = s;
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
