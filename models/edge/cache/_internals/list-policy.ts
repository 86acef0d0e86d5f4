/**
 * The part LRU and FIFO share: one recency/arrival list, new objects at the head, victims from the
 * tail. The two policies differ only in what a hit does.
 */
import type { CachePolicy } from '../policy.ts';
import type { ObjectTable } from '../object-table.ts';
import { SlotList } from './slot-list.ts';

export abstract class ListPolicy implements CachePolicy {
  protected readonly list: SlotList;

  constructor(private readonly table: ObjectTable, private readonly name: string) {
    this.list = new SlotList(table.slots);
  }

  abstract hit(slot: number): void;

  insert(slot: number): void {
    this.list.pushHead(slot);
  }

  evict(): number {
    const victim = this.list.tail;
    this.list.unlink(victim);
    return victim;
  }

  remove(slot: number): void {
    this.list.unlink(slot);
  }

  grow(slots: number): void {
    this.list.grow(slots);
  }

  checkInvariants(): void {
    this.list.check(this.table, this.name);
  }
}
