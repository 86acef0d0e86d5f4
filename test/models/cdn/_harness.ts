/**
 * Test wiring for a CDN site: a sink that records every delivery, and an origin that records every
 * fetch and answers when the test says so (or on a schedule, for the event-loop properties).
 */
import { Site, type SiteOptions } from '../../../models/cdn/site.ts';
import type { DeliverySink, OriginPort } from '../../../models/cdn/delivery.ts';
import { MS } from '../../../models/time.ts';

export interface Delivery {
  tag: number;
  count: number;
  status: number;
  readyAt: number;
  edge: number;
}

export interface Fetch {
  site: number;
  objectId: number;
  rendition: number;
  now: number;
}

export const LADDER_KBPS = [800, 1800, 3500, 6000, 10000, 16000];
/** Segment bytes of rendition r for 2-second segments. */
export const bytesOf = (r: number): number => (LADDER_KBPS[r % LADDER_KBPS.length]! * 1000) / 8 * 2;

export function siteOptions(over: Partial<SiteOptions> = {}, edge: Partial<SiteOptions['edge']> = {}): SiteOptions {
  return {
    id: 3,
    edges: 3,
    renditions: 6,
    fillLatency: 200,
    backbone: { bps: 1e9, latency: 10 * MS },
    ...over,
    edge: { capacity: 1e9, rps: 1e9, maxQueue: 0, egressBps: 1e12, ...edge },
  };
}

export class Harness implements DeliverySink, OriginPort {
  readonly deliveries: Delivery[] = [];
  readonly fetches: Fetch[] = [];
  readonly site: Site;

  constructor(options: SiteOptions) {
    this.site = new Site(options, this, this);
  }

  deliver(tag: number, count: number, status: number, readyAt: number, edge: number): void {
    this.deliveries.push({ tag, count, status, readyAt, edge });
  }

  fetch(site: number, objectId: number, rendition: number, now: number): void {
    this.fetches.push({ site, objectId, rendition, now });
  }

  /** Deliveries made since `mark` (an index into `deliveries`). */
  since(mark: number): Delivery[] {
    return this.deliveries.slice(mark);
  }

  /** Delivered counts per tag. */
  countsByTag(): Map<number, number> {
    const m = new Map<number, number>();
    for (const d of this.deliveries) m.set(d.tag, (m.get(d.tag) ?? 0) + d.count);
    return m;
  }
}
