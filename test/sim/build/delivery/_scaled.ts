/**
 * The delivery presets at test scale, as `--set` overrides: shared by their acceptance tests and the
 * golden summaries (test/scenarios/golden.test.ts), so both pin the same runs.
 */
/** Each preset at a fifth of its audience or less, on 30 sites, its event squeezed into 12-20 minutes. */
export const SCALED: Record<string, string[]> = {
  'encoder-failover': [
    'duration=12m', 'audience.start=3m', 'audience.length=8m', 'audience.preShow=3m', 'audience.spread=1m', 'audience.exodus=1m',
    'audience.uniqueViewers=200k', 'audience.peakConcurrent=120k', 'topology.cdn.sites=30',
    'faults[0].at=6m', 'faults[1].at=6m20s', 'faults[1].for=6m',
  ],
  'origin-404-storm': [
    'duration=12m', 'audience.start=3m', 'audience.length=8m', 'audience.preShow=3m', 'audience.spread=1m', 'audience.exodus=1m',
    'audience.uniqueViewers=200k', 'audience.peakConcurrent=120k', 'topology.cdn.sites=30', 'slo[0].max=4320',
  ],
  'first-special': [
    'duration=20m', 'audience.start=5m', 'audience.length=12m', 'audience.preShow=5m', 'audience.spread=2m', 'audience.exodus=2m',
    'audience.uniqueViewers=300k', 'audience.peakConcurrent=200k', 'topology.cdn.sites=30',
  ],
};

