/**
 * The model-based property shared by the policy tests: random commands (get, insert, remove, contains,
 * advancing time) run against a {@link Cache} and the {@link ReferenceCache}; after every command the
 * outcomes, counters and contents must match and `checkInvariants()` must pass.
 */
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Cache } from '../../../../models/edge/cache/cache.ts';
import { cachePolicies, type CachePolicyName } from '../../../../models/edge/cache/registry.ts';
import { ReferenceCache } from './_reference.ts';

interface Pair {
  real: Cache;
  model: ReferenceCache;
  now: number;
}

type Command = fc.Command<Pair, Pair>;

/**
 * Ids: a small range so objects come back, plus ids above 2^32 (the hash folds their high bits), the
 * largest safe integer, and 2^32 with 0x85ebca6b, whose 32-bit hashes are equal (so the full-id check
 * behind a hash match is exercised).
 */
const anyIdArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 11 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 32, 0x85ebca6b, 2 ** 32 + 3, 2 ** 40 + 7, Number.MAX_SAFE_INTEGER) },
);
/** TTLs: short and long, never-expiring, and non-positive (not admitted). */
const ttlArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 30 }) },
  { weight: 2, arbitrary: fc.constant(Infinity) },
  { weight: 1, arbitrary: fc.constantFrom(0, -5) },
);
const dtArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 10 }) },
);

function compare(p: Pair, what: string): void {
  const { real, model } = p;
  real.checkInvariants();
  const counters = (c: Cache | ReferenceCache) => ({
    hits: c.hits,
    misses: c.misses,
    expired: c.expired,
    evictions: c.evictions,
    hitBytes: c.hitBytes,
    missBytes: c.missBytes,
    objects: c.objects,
    bytes: c.bytes,
  });
  assert.equal(counters(real), counters(model), `counters after ${what}`);
  assert.equal(real.entries(), model.entries(), `contents after ${what}`);
}

/** The result of `f`, or 'threw' when it throws (an id the cache rejects). */
function outcome(f: () => boolean): boolean | 'threw' {
  try {
    return f();
  } catch {
    return 'threw';
  }
}

class Get implements Command {
  constructor(readonly id: number, readonly size: number, readonly ttl: number, readonly dt: number) {}
  check = () => true;
  run(_m: Pair, p: Pair): void {
    p.now += this.dt;
    const got = outcome(() => p.real.get(this.id, this.size, this.ttl, p.now));
    assert.is(got, outcome(() => p.model.get(this.id, this.size, this.ttl, p.now)), `hit/miss of ${this}`);
    compare(p, this.toString());
  }
  toString = () => `get(${this.id}, ${this.size}, ${this.ttl}) at +${this.dt}`;
}

class Insert implements Command {
  constructor(readonly id: number, readonly size: number, readonly ttl: number, readonly dt: number) {}
  check = () => true;
  run(_m: Pair, p: Pair): void {
    p.now += this.dt;
    const got = outcome(() => p.real.insert(this.id, this.size, this.ttl, p.now));
    assert.is(got, outcome(() => p.model.insert(this.id, this.size, this.ttl, p.now)), `admitted by ${this}`);
    compare(p, this.toString());
  }
  toString = () => `insert(${this.id}, ${this.size}, ${this.ttl}) at +${this.dt}`;
}

class Remove implements Command {
  constructor(readonly id: number) {}
  check = () => true;
  run(_m: Pair, p: Pair): void {
    assert.is(p.real.remove(this.id), p.model.remove(this.id), `result of ${this}`);
    compare(p, this.toString());
  }
  toString = () => `remove(${this.id})`;
}

class Contains implements Command {
  constructor(readonly id: number, readonly dt: number) {}
  check = () => true;
  run(_m: Pair, p: Pair): void {
    p.now += this.dt;
    assert.is(p.real.contains(this.id, p.now), p.model.contains(this.id, p.now), `result of ${this}`);
    compare(p, this.toString());
  }
  toString = () => `contains(${this.id}) at +${this.dt}`;
}

/** Ids for the direct index: all below {@link DIRECT_LIMIT}, and a few at or above it (rejected). */
const DIRECT_LIMIT = 12;
const directIdArb = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0, max: DIRECT_LIMIT - 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(DIRECT_LIMIT, 2 ** 32) },
);

/**
 * Runs the property for `policy`: `runs` random command sequences, each on a fresh cache with a random
 * capacity and a tiny initial slot count (so the tables grow). With `unitSizes`, every object has size
 * 1 and the capacity counts objects; otherwise sizes run from 0 to a little over the capacity. With
 * `direct`, the cache indexes ids directly (below 12) instead of hashing them; an id out of range must
 * throw and leave the cache as it was.
 */
export function checkAgainstReference(
  policy: CachePolicyName,
  opts: { runs: number; unitSizes: boolean; direct?: boolean },
): void {
  const idArb = opts.direct ? directIdArb : anyIdArb;
  const idLimit = opts.direct ? DIRECT_LIMIT : undefined;
  const sizeArb = opts.unitSizes ? fc.constant(1) : fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 6 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 25) },
  );
  const get = fc.tuple(idArb, sizeArb, ttlArb, dtArb).map(([id, size, ttl, dt]) => new Get(id, size, ttl, dt));
  // Gets listed three times: requests are what a cache mostly sees, and hits need repeats.
  const commands = fc.commands(
    [
      get,
      get,
      get,
      fc.tuple(idArb, sizeArb, ttlArb, dtArb).map(([id, size, ttl, dt]) => new Insert(id, size, ttl, dt)),
      idArb.map((id) => new Remove(id)),
      fc.tuple(idArb, dtArb).map(([id, dt]) => new Contains(id, dt)),
    ],
    { maxCommands: 150 },
  );
  // Capacities up to 12 against about 12 ids keep the cache full most of the time: evictions happen.
  const capacityArb = fc.integer({ min: 1, max: 12 });
  fc.assert(
    fc.property(capacityArb, fc.integer({ min: 1, max: 4 }), commands, (capacity, initialObjects, cmds) => {
      fc.modelRun(() => {
        const pair: Pair = {
          real: new Cache(cachePolicies[policy], { capacity, initialObjects, ...(idLimit ? { idLimit } : {}) }),
          model: new ReferenceCache(policy, capacity, idLimit),
          now: 0,
        };
        return { model: pair, real: pair };
      }, cmds);
    }),
    { numRuns: opts.runs },
  );
}

/** Misses of `trace` on an empty cache of `capacity` objects. */
export function missesOn(policy: CachePolicyName, capacity: number, trace: readonly number[]): number {
  const cache = new Cache(cachePolicies[policy], { capacity });
  for (const [t, id] of trace.entries()) {
    cache.get(id, 1, Infinity, t);
    cache.checkInvariants();
  }
  return cache.misses;
}

/** The textbook page-reference string that shows Belady's anomaly under FIFO. */
export const BELADY_TRACE = [1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5] as const;
