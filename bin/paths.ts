/** Where livetwin's own files are, independent of the caller's working directory. */
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');
export const SCENARIOS_DIR = join(ROOT, 'scenarios');
/** The scenario `npm start` and a bare `livetwin run` use: the richest model available. */
export const DEFAULT_SCENARIO = join(SCENARIOS_DIR, 'small-event.yaml');
