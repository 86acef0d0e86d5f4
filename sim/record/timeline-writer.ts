/**
 * Writes timeline.arrow as an Arrow IPC *file* one record batch at a time, so memory stays bounded on
 * long runs. After every batch the file is complete: each flush writes the batch followed by a fresh
 * footer in a single positioned write over the previous footer. A run killed outright (SIGKILL) therefore
 * leaves a file apache-arrow reads up to its last flushed batch, and the file of a run that ends normally
 * is byte for byte what RecordBatchFileWriter would have written.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Field, Float64, RecordBatch, RecordBatchFileWriter, Schema, Struct, makeData, MetadataVersion } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';

const MAGIC = new Uint8Array([0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]); // "ARROW1"

export interface ColumnSpec {
  name: string;
  metadata: Record<string, string>;
}

/** The writer internals we rely on (apache-arrow is pinned; the round-trip tests catch any change). */
interface WriterInternals {
  _sink: { _values: Uint8Array[] };
  _recordBatchBlocks: unknown[];
  _dictionaryBlocks: unknown[];
}

export class TimelineWriter {
  readonly schema: Schema;
  private readonly fd: number;
  private readonly writer = new RecordBatchFileWriter();
  private readonly columns: Float64Array[];
  private rows = 0;
  /** Where the next batch goes: the end of the last batch, where the current footer starts. */
  private offset = 0;
  private closed = false;

  constructor(
    path: string,
    columns: ColumnSpec[],
    metadata: Record<string, string>,
    readonly batchRows: number,
  ) {
    const fields = [
      new Field('t', new Float64(), false, new Map([['unit', 's'], ['description', 'end of the interval, seconds from start']])),
      ...columns.map((c) => new Field(c.name, new Float64(), false, new Map(Object.entries(c.metadata)))),
    ];
    this.schema = new Schema(fields, new Map(Object.entries(metadata)));
    this.columns = fields.map(() => new Float64Array(batchRows));
    this.fd = openSync(path, 'w');
    // Start the file (magic) without a batch, so a complete, empty timeline is on disk from the outset.
    this.writer.reset(undefined, this.schema);
    this.flush(true);
  }

  /** Appends a row: `t` then one value per column, in declaration order. */
  row(t: number, values: ArrayLike<number>): void {
    const r = this.rows++;
    this.columns[0][r] = t;
    for (let i = 0; i < values.length; i++) this.columns[i + 1][r] = values[i];
    if (this.rows === this.batchRows) this.flush();
  }

  /** Writes buffered rows (if any) and a footer; afterwards the file on disk is a complete Arrow file. */
  flush(force = false): void {
    if (this.closed || (this.rows === 0 && !force)) return;
    const w = this.writer as unknown as WriterInternals;
    if (this.rows > 0) this.writer.write(this.batch());
    const body = w._sink._values.splice(0);
    this.rows = 0;
    const footer = Footer.encode(
      new Footer(this.schema, MetadataVersion.V5, w._recordBatchBlocks as never, w._dictionaryBlocks as never),
    );
    const tail = [Int32Array.of(-1, 0), footer, Int32Array.of(footer.byteLength), MAGIC];
    const bodyBytes = concat(body);
    const bytes = concat([bodyBytes, ...tail]);
    // One positioned write: the file goes from one complete state to the next.
    writeSync(this.fd, bytes, 0, bytes.byteLength, this.offset);
    this.offset += bodyBytes.byteLength;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }

  private batch(): RecordBatch {
    const n = this.rows;
    const children = this.schema.fields.map((f, i) =>
      makeData({ type: f.type as Float64, length: n, data: this.columns[i].slice(0, n) }),
    );
    const data = makeData({ type: new Struct(this.schema.fields), length: n, nullCount: 0, children });
    return new RecordBatch(this.schema, data);
  }
}

function concat(parts: ArrayBufferView[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}
