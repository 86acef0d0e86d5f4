#!/usr/bin/env node
// The livetwin command. The sources are TypeScript, run through tsx's loader so there is no build
// step to forget: `npm install` and the command works.
import { spawn } from 'node:child_process';
import { register } from 'tsx/esm/api';

// A full-scale run keeps gigabytes of typed arrays (a record per viewer, the pending events) and
// touches them at random, so most of its time goes to TLB misses on 4 KiB pages. glibc can ask for
// transparent huge pages on the memory it maps (V8's array buffers among it), but only through a
// tunable read at process start: so `run` and `bench` start themselves again with it set. Measured
// on boxing-2024 in issue #3's note. LIVETWIN_HUGEPAGES=0 turns it off.
const HEAVY = new Set(['run', 'bench']);
const TUNABLE = 'glibc.malloc.hugetlb=1';
const tunables = process.env.GLIBC_TUNABLES ?? '';
if (
  process.platform === 'linux' &&
  HEAVY.has(process.argv[2] ?? '') &&
  process.env.LIVETWIN_HUGEPAGES !== '0' &&
  !tunables.includes('glibc.malloc.hugetlb')
) {
  // In its own process group, so a Ctrl-C reaches it once, passed on from here: a second SIGINT
  // means "quit now" to `run`.
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    detached: true,
    env: { ...process.env, GLIBC_TUNABLES: tunables ? `${tunables}:${TUNABLE}` : TUNABLE },
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const sig of signals) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const sig of signals) process.removeAllListeners(sig);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else {
  register();
  await import('./cli.ts');
}
