/** No backoff: retry at once. The naive client that turns a blip into a storm. */
import type { BackoffPolicy } from './policy.ts';

export const none = (): BackoffPolicy => ({
  delay: () => 0,
  bounds: () => [0, 0],
  mean: () => 0,
});
