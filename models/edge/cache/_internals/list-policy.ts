/**
 * The part LRU and FIFO share: one recency/arrival list, new objects at the head, victims from the
 * tail. The two policies differ only in what a hit does. The list lives in the table's slot records
 * (see `SlotList`), so the table's `grow` carries it along and `grow` here only follows the new array.
 */
import type { CachePolicy } from '../policy.ts';
import type { ObjectTable } from '../object-table.ts';
import { SlotList } from './slot-list.ts';

export abstract class ListPolicy implements CachePolicy {
  protected readonly list: SlotList;

  constructor(table: ObjectTable, private readonly name: string) {
    this.list = new SlotList(table);
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

  grow(_slots: number): void {
    this.list.grow();
  }

  checkInvariants(): void {
    this.list.check(this.name);
  }
}
