/**
 * Checks a JPEG's compressed scan data without decoding pixels. MuPDF (like
 * libjpeg) decodes garbage scan data into noise and at most logs a warning,
 * so a scan whose data was overwritten would be stored and OCR'd as a page of
 * noise. Here the Huffman-coded data of a baseline JPEG is walked block by
 * block: every code must exist in its table, no coefficient may fall outside
 * its 8×8 block, restart markers must come where the restart interval puts
 * them, and the data must end where the last block ends. Random or
 * overwritten data fails within a few blocks. Pure: bytes in, a problem or
 * null out. Progressive and arithmetic-coded JPEGs are not walked (null).
 */

interface Huffman {
  /** Largest code of each length 1..16 (-1: none), first code's index into `values`, smallest code. */
  maxCode: Int32Array;
  valPtr: Int32Array;
  minCode: Int32Array;
  values: Uint8Array;
}

interface Component {
  id: number;
  h: number;
  v: number;
}

class Corrupt extends Error {}

function buildHuffman(counts: Uint8Array, values: Uint8Array): Huffman {
  const maxCode = new Int32Array(17).fill(-1);
  const valPtr = new Int32Array(17);
  const minCode = new Int32Array(17);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    const n = counts[len - 1] ?? 0;
    if (n) {
      valPtr[len] = k;
      minCode[len] = code;
      code += n;
      k += n;
      maxCode[len] = code - 1;
    }
    code <<= 1;
  }
  if (k > values.length) throw new Corrupt('a Huffman table lists more codes than values');
  return { maxCode, valPtr, minCode, values };
}

/** Reads the entropy-coded bytes of a scan (0xFF00 is a data 0xFF; a marker ends them) bit by bit. */
class BitReader {
  private bitBuf = 0;
  private bits = 0;
  /** Set when a marker (or the end of the file) was met. */
  marker = -1;
  constructor(
    private readonly data: Uint8Array,
    public pos: number,
  ) {}

  private fill(): boolean {
    if (this.marker !== -1 || this.pos >= this.data.length) {
      if (this.marker === -1) this.marker = 0x100; // the end of the file
      return false;
    }
    const b = this.data[this.pos]!;
    if (b === 0xff) {
      let next = this.data[this.pos + 1];
      while (next === 0xff) next = this.data[++this.pos + 1];
      if (next === 0x00) {
        this.pos += 2;
      } else {
        this.marker = next ?? 0x100;
        return false;
      }
    } else {
      this.pos++;
    }
    this.bitBuf = ((this.bitBuf << 8) | b) & 0xffffff;
    this.bits += 8;
    return true;
  }

  bit(): number {
    if (this.bits === 0 && !this.fill()) throw new Corrupt('the scan data ends before its last block');
    this.bits--;
    return (this.bitBuf >> this.bits) & 1;
  }

  receive(n: number): void {
    for (let i = 0; i < n; i++) this.bit();
  }

  decode(t: Huffman): number {
    let code = 0;
    for (let len = 1; len <= 16; len++) {
      code = (code << 1) | this.bit();
      if (code <= t.maxCode[len]!) return t.values[t.valPtr[len]! + code - t.minCode[len]!]!;
    }
    throw new Corrupt('the scan data holds a code that is in none of its Huffman tables');
  }

  /** Drops the bits left in the current byte (before a restart marker, or at the end). */
  align(): void {
    this.bits = 0;
  }

  /** Bytes of data left before the next marker. */
  bytesBeforeMarker(): number {
    let n = 0;
    for (let p = this.pos; p < this.data.length; p++) {
      if (this.data[p] === 0xff && this.data[p + 1] !== 0x00) break;
      n++;
    }
    return n;
  }

  /** Consumes the restart marker expected here. */
  restart(expected: number): void {
    this.align();
    if (this.marker === -1) {
      if (this.data[this.pos] === 0xff) {
        while (this.data[this.pos + 1] === 0xff) this.pos++;
        this.marker = this.data[this.pos + 1] ?? 0x100;
      } else throw new Corrupt('a restart marker is missing where the restart interval puts one');
    }
    if (this.marker !== 0xd0 + expected) throw new Corrupt('a restart marker is missing where the restart interval puts one');
    this.pos += 2;
    this.marker = -1;
  }
}

/** Frame types other than baseline and extended sequential Huffman (SOF2, 3, 5–7, 9–11, 13–15), and arithmetic conditioning. */
const NOT_WALKED = new Set([0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf]);

/** Slack allowed after the last block: encoders pad to a byte; a few more bytes are tolerated. */
const TRAILING_SLACK_BYTES = 8;

function walkBlock(r: BitReader, dc: Huffman, ac: Huffman): void {
  const t = r.decode(dc);
  if (t > 15) throw new Corrupt('a DC difference is out of range');
  r.receive(t);
  for (let k = 1; k < 64;) {
    const rs = r.decode(ac);
    const run = rs >> 4;
    const size = rs & 15;
    if (size === 0) {
      if (run !== 15) return; // end of block
      k += 16;
      continue;
    }
    k += run;
    if (k > 63) throw new Corrupt('a coefficient falls outside its 8×8 block');
    r.receive(size);
    k++;
  }
}

/**
 * The problem with a JPEG's scan data, or null when it is sound or cannot be
 * checked here (not a baseline Huffman JPEG).
 */
export function jpegScanProblem(bytes: Uint8Array): string | null {
  try {
    return walk(bytes);
  } catch (e) {
    if (e instanceof Corrupt) return e.message;
    throw e;
  }
}

function walk(bytes: Uint8Array): string | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return 'it does not start with a JPEG start-of-image marker';
  const dcTables: (Huffman | undefined)[] = [];
  const acTables: (Huffman | undefined)[] = [];
  let frame: { width: number; height: number; components: Component[] } | null = null;
  let restartInterval = 0;
  let scans = 0;
  let pos = 2;
  const u16 = (p: number) => ((bytes[p] ?? 0) << 8) | (bytes[p + 1] ?? 0);
  while (pos < bytes.length) {
    if (bytes[pos] !== 0xff) throw new Corrupt('a segment does not start with a marker');
    let marker = bytes[pos + 1] ?? 0;
    while (marker === 0xff) marker = bytes[++pos + 1] ?? 0;
    pos += 2;
    if (marker === 0xd9) return scans ? null : 'it has no scan data';
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    const len = u16(pos);
    if (len < 2 || pos + len > bytes.length) throw new Corrupt('a segment runs past the end of the file');
    const seg = bytes.subarray(pos + 2, pos + len);
    if (marker === 0xc4) {
      for (let p = 0; p < seg.length;) {
        const tc = (seg[p] ?? 0) >> 4;
        const th = (seg[p] ?? 0) & 15;
        const counts = seg.subarray(p + 1, p + 17);
        const n = counts.reduce((a, b) => a + b, 0);
        const table = buildHuffman(counts, seg.subarray(p + 17, p + 17 + n));
        (tc === 0 ? dcTables : acTables)[th] = table;
        p += 17 + n;
      }
    } else if (marker === 0xc0 || marker === 0xc1) {
      const components: Component[] = [];
      for (let i = 0; i < (seg[5] ?? 0); i++) {
        const c = seg.subarray(6 + 3 * i, 9 + 3 * i);
        components.push({ id: c[0] ?? 0, h: (c[1] ?? 0) >> 4, v: (c[1] ?? 0) & 15 });
      }
      frame = { height: u16(pos + 3), width: u16(pos + 5), components };
      if (!frame.width || !frame.height || components.some((c) => !c.h || !c.v)) return null; // sizes set later (DNL): not checked
    } else if (NOT_WALKED.has(marker)) {
      return null; // progressive, lossless or arithmetic-coded: not walked here
    } else if (marker === 0xdd) {
      restartInterval = u16(pos + 2);
    } else if (marker === 0xda) {
      if (!frame) throw new Corrupt('the scan comes before the frame header');
      pos = scan(bytes, seg, pos + len, frame, dcTables, acTables, restartInterval);
      scans++;
      continue;
    }
    pos += len;
  }
  return 'it has no end-of-image marker';
}

/** Walks one scan; returns the position of the marker that follows it. */
function scan(
  bytes: Uint8Array,
  header: Uint8Array,
  start: number,
  frame: { width: number; height: number; components: Component[] },
  dcTables: readonly (Huffman | undefined)[],
  acTables: readonly (Huffman | undefined)[],
  restartInterval: number,
): number {
  const ns = header[0] ?? 0;
  const parts = Array.from({ length: ns }, (_, i) => {
    const id = header[1 + 2 * i];
    const sel = header[2 + 2 * i] ?? 0;
    const c = frame.components.find((x) => x.id === id);
    const dc = dcTables[sel >> 4];
    const ac = acTables[sel & 15];
    if (!c || !dc || !ac) throw new Corrupt('the scan names a component or Huffman table that is not defined');
    return { c, dc, ac };
  });
  const hMax = Math.max(...frame.components.map((c) => c.h));
  const vMax = Math.max(...frame.components.map((c) => c.v));
  let mcus: number;
  let blocksPerMcu: { dc: Huffman; ac: Huffman }[];
  if (ns === 1) {
    // Non-interleaved: one block per MCU, over the component's own size.
    const { c, dc, ac } = parts[0]!;
    const w = Math.ceil(Math.ceil((frame.width * c.h) / hMax) / 8);
    const h = Math.ceil(Math.ceil((frame.height * c.v) / vMax) / 8);
    mcus = w * h;
    blocksPerMcu = [{ dc, ac }];
  } else {
    mcus = Math.ceil(frame.width / (8 * hMax)) * Math.ceil(frame.height / (8 * vMax));
    blocksPerMcu = parts.flatMap(({ c, dc, ac }) => Array.from({ length: c.h * c.v }, () => ({ dc, ac })));
  }
  const r = new BitReader(bytes, start);
  for (let m = 0; m < mcus; m++) {
    if (restartInterval && m > 0 && m % restartInterval === 0) r.restart(((m / restartInterval - 1) & 7) >>> 0);
    for (const b of blocksPerMcu) walkBlock(r, b.dc, b.ac);
  }
  r.align();
  if (r.marker === -1) {
    const left = r.bytesBeforeMarker();
    if (left > TRAILING_SLACK_BYTES) throw new Corrupt(`${left} bytes of scan data are left after its last block`);
    r.pos += left;
  }
  let p = r.pos;
  while (p < bytes.length && !(bytes[p] === 0xff && bytes[p + 1] !== 0x00 && bytes[p + 1] !== 0xff)) p++;
  return p;
}
