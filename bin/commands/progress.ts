/** Progress on stderr: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
import type { Progress } from '../../sim/run.ts';
import { formatDuration } from '../../scenarios/units.ts';

function clock(us: number): string {
  const s = Math.floor(us / 1e6);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

export function rate(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

export function progressReporter(quiet: boolean): { update(p: Progress): void; done(): void } {
  if (quiet) return { update() {}, done() {} };
  const tty = process.stderr.isTTY === true;
  let lastLine = 0;
  let shown = false;
  return {
    update(p) {
      const frac = p.simUs / p.durationUs;
      const evs = p.events / Math.max(p.wallSec, 1e-3);
      const eta = frac > 0 ? (p.wallSec * (1 - frac)) / frac : NaN;
      const etaText = Number.isFinite(eta) ? formatDuration(Math.round(eta) * 1e6) : '?';
      const text = `sim ${clock(p.simUs)} / ${clock(p.durationUs)}  ${(frac * 100).toFixed(0).padStart(3)}%  ${rate(evs)} events/s  ETA ${etaText}`;
      if (tty) {
        const width = 24;
        const filled = Math.round(frac * width);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${text}\x1b[K`);
        shown = true;
      } else if (p.wallSec - lastLine >= 5) {
        lastLine = p.wallSec;
        process.stderr.write(`${text}\n`);
      }
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
