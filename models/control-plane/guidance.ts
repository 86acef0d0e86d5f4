/**
 * Retry-After as an appointment book. Telling every rejected client "come back in the time it takes to
 * drain my queue" sends a herd back together; instead each rejected client is given the next free slot
 * of the region's throughput (a virtual queue), so returns arrive at about the rate the region can
 * serve. Pure arithmetic over `now`; the region owns one and resets it when capacity changes.
 */
export class RetryAfterBook {
  private next = 0;

  constructor(private readonly minUs: number, private readonly maxUs: number) {}

  /** Retry-After in µs for a client rejected now, given the region's throughput in requests per µs. */
  appoint(now: number, throughputPerUs: number): number {
    const spacing = throughputPerUs > 0 ? 1 / throughputPerUs : this.maxUs;
    const slot = Math.max(now + this.minUs, this.next);
    this.next = slot + spacing;
    return Math.min(this.maxUs, Math.round(slot - now));
  }

  /** How far ahead the book is filled, µs (0 when no one is waiting for a slot). */
  backlog(now: number): number {
    return Math.max(0, this.next - now);
  }
}
