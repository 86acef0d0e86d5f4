/**
 * The body of a successful play request: a session, a manifest with a segment template (players
 * compute segment URLs from the wall clock instead of polling the manifest, DOMAIN.md), a licence
 * stub standing for the DRM call, and what degradation has switched off. Small and built from a few
 * pre-serialised pieces, since it is written for every admitted viewer.
 */
import { DEGRADATION_STEPS, stepActive } from '../../models/control-plane/degradation.ts';

const RENDITIONS = [
  { id: 'avc-540p', kbps: 1800 }, { id: 'avc-720p', kbps: 3500 }, { id: 'avc-1080p', kbps: 6000 }, { id: 'hevc-2160p', kbps: 16000 },
];
/** Renditions left when `cap-bitrate` is in force. */
const CAPPED = RENDITIONS.filter((r) => r.kbps <= 3500);
const ROWS = ['continue-watching', 'live-now', 'because-you-watched'];

export interface PlayManifest {
  session: string;
  region: string;
  manifest: {
    type: 'live';
    segmentTemplate: string;
    segmentDurationSec: number;
    /** Run time (µs) of segment number 0: segment n starts at availabilityStartUs + n * 2 s. */
    availabilityStartUs: number;
    renditions: Array<{ id: string; kbps: number }>;
  };
  licence: { token: string; expiresInSec: number };
  /** Personalised rows, or null while degradation has dropped personalization. */
  personalization: string[] | null;
  degradation: { level: number; steps: string[] };
}

export function makeManifest(region: string, session: number, level: number): string {
  const m: PlayManifest = {
    session: `${region}-${session}`,
    region,
    manifest: {
      type: 'live',
      segmentTemplate: '/live/event/$RepresentationID$/$Number$.m4s',
      segmentDurationSec: 2,
      availabilityStartUs: 0,
      renditions: stepActive(level, 'cap-bitrate') ? CAPPED : RENDITIONS,
    },
    licence: { token: `lic-stub-${region}-${session.toString(36)}`, expiresInSec: 3600 },
    personalization: stepActive(level, 'drop-personalization') ? null : ROWS,
    degradation: { level, steps: DEGRADATION_STEPS.slice(0, level) },
  };
  return JSON.stringify(m);
}
