import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { RecordBatchFileWriter, tableFromIPC } from 'apache-arrow';
import { TimelineWriter } from '../../../sim/record/timeline-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'livetwin-tl-'));
const cols = [{ name: 'joins', metadata: { unit: 'viewers', panel: 'audience', kind: 'counter' } }];

test('reads back with apache-arrow, metadata included', () => {
  const path = join(dir, 'a.arrow');
  const w = new TimelineWriter(path, cols, { scenario: 's', seed: '7' }, 4);
  for (let i = 1; i <= 10; i++) w.row(i, [i * i]);
  w.close();
  const t = tableFromIPC(readFileSync(path));
  assert.is(t.numRows, 10);
  assert.equal([...t.getChild('t')!.toArray()], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.is(t.getChild('joins')!.get(9), 100);
  assert.is(t.schema.fields[1].metadata.get('unit'), 'viewers');
  assert.is(t.schema.metadata.get('seed'), '7');
  assert.is(t.batches.length, 3);
});

test('the finished file is byte for byte what RecordBatchFileWriter writes', () => {
  const path = join(dir, 'b.arrow');
  const w = new TimelineWriter(path, cols, {}, 3);
  for (let i = 1; i <= 7; i++) w.row(i, [i]);
  w.close();
  const bytes = readFileSync(path);
  const canonical = RecordBatchFileWriter.writeAll(tableFromIPC(bytes).batches).toUint8Array(true);
  assert.ok(Buffer.from(canonical).equals(bytes));
});

test('a process killed with SIGKILL leaves a file readable up to its last batch', () => {
  const path = join(dir, 'killed.arrow');
  const script = join(dir, 'writer.ts');
  writeFileSync(script, `
    import { TimelineWriter } from ${JSON.stringify(new URL('../../../sim/record/timeline-writer.ts', import.meta.url).pathname)};
    const w = new TimelineWriter(${JSON.stringify(path)}, [{ name: 'x', metadata: {} }], {}, 5);
    for (let i = 1; i <= 23; i++) w.row(i, [i]);
    process.kill(process.pid, 'SIGKILL');
  `);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: new URL('../../..', import.meta.url).pathname });
  assert.is(r.signal, 'SIGKILL');
  const t = tableFromIPC(readFileSync(path));
  assert.is(t.numRows, 20); // four complete batches of 5; the 3 buffered rows are lost
  assert.is(t.getChild('x')!.get(19), 20);
});

test.run();
