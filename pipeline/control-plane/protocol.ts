/**
 * The play API on the wire, shared by the region server and the players' HTTP transport.
 *
 * `GET /play?viewer=V` with `x-deadline-us` (when the client stops waiting, µs on the run's clock,
 * used by `dropExpired`). Answers: 200 with a JSON PlayManifest; 503 with `retry-after` (whole
 * seconds, as HTTP has it), `x-retry-after-ms` (the appointment to the microsecond, fractional ms)
 * and `x-load` (the region's load hint in [0, 1]); a region that is down resets the connection.
 */
export const PLAY_PATH = '/play';
export const H_DEADLINE = 'x-deadline-us';
export const H_RETRY_AFTER = 'retry-after';
export const H_RETRY_AFTER_MS = 'x-retry-after-ms';
export const H_LOAD = 'x-load';
