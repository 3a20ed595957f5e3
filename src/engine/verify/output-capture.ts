// Bounded capture of a run's output: the head and the tail survive, the middle is counted and dropped,
// so a test that prints gigabytes costs a fixed amount of memory.
import { StringDecoder } from 'node:string_decoder';
import { omittedMarker } from './text';

const MARKER_RESERVE = 64;

export class OutputCapture {
  readonly #headCap: number;
  readonly #tailCap: number;
  #head: Buffer[] = [];
  #headBytes = 0;
  #tail: Buffer[] = [];
  #tailBytes = 0;
  #total = 0;

  constructor(capBytes: number) {
    const room = Math.max(2, capBytes - Math.min(MARKER_RESERVE, Math.floor(capBytes / 4)));
    this.#headCap = Math.floor(room / 2);
    this.#tailCap = room - this.#headCap;
  }

  /** Bytes seen so far, kept or not. */
  get totalBytes(): number {
    return this.#total;
  }

  get truncated(): boolean {
    return this.#total > this.#headBytes + this.#tailBytes;
  }

  /** A decoder per stream: stdout and stderr interleave, and a character split across chunks must not be garbled. */
  writer(): { write(chunk: Buffer | string): void; end(): void } {
    const decoder = new StringDecoder('utf8');
    return {
      write: (chunk) => this.push(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
      end: () => this.push(decoder.end()),
    };
  }

  push(text: string): void {
    if (text === '') return;
    let buf = Buffer.from(text, 'utf8');
    this.#total += buf.length;
    if (this.#headBytes < this.#headCap) {
      const cut = charBoundaryBefore(buf, this.#headCap - this.#headBytes);
      this.#head.push(Buffer.from(buf.subarray(0, cut)));
      this.#headBytes += cut;
      buf = buf.subarray(cut);
      if (buf.length === 0) return;
    }
    this.#pushTail(buf);
  }

  #pushTail(buf: Buffer): void {
    if (buf.length >= this.#tailCap) {
      const start = charBoundaryAfter(buf, buf.length - this.#tailCap);
      this.#tail = [Buffer.from(buf.subarray(start))];
      this.#tailBytes = buf.length - start;
      return;
    }
    // Copy: the caller's chunk may be a view of a much larger allocation we must not retain.
    this.#tail.push(Buffer.from(buf));
    this.#tailBytes += buf.length;
    while (this.#tailBytes > this.#tailCap) {
      const first = this.#tail[0]!;
      const excess = this.#tailBytes - this.#tailCap;
      if (first.length <= excess) {
        this.#tail.shift();
        this.#tailBytes -= first.length;
      } else {
        const start = charBoundaryAfter(first, excess);
        this.#tail[0] = first.subarray(start);
        this.#tailBytes -= start;
      }
    }
  }

  /** The kept text; when the middle was dropped, cuts move to line ends and a marker says how much is gone. */
  text(): string {
    const head = Buffer.concat(this.#head).toString('utf8');
    const tail = Buffer.concat(this.#tail).toString('utf8');
    if (!this.truncated) return head + tail;
    const headEnd = head.lastIndexOf('\n');
    const keptHead = headEnd >= 0 ? head.slice(0, headEnd + 1) : head;
    const tailStart = tail.indexOf('\n');
    const keptTail = tailStart >= 0 ? tail.slice(tailStart + 1) : tail;
    const omitted = this.#total - Buffer.byteLength(keptHead) - Buffer.byteLength(keptTail);
    const sep = keptHead.endsWith('\n') || keptHead === '' ? '' : '\n';
    return `${keptHead}${sep}${omittedMarker(omitted)}\n${keptTail}`;
  }
}

function charBoundaryBefore(buf: Buffer, at: number): number {
  if (at >= buf.length) return buf.length;
  let i = at;
  while (i > 0 && ((buf[i] ?? 0) & 0xc0) === 0x80) i--;
  return i;
}

function charBoundaryAfter(buf: Buffer, at: number): number {
  let i = at;
  while (i < buf.length && ((buf[i] ?? 0) & 0xc0) === 0x80) i++;
  return i;
}
