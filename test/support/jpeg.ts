/**
 * A small baseline (sequential, Huffman) JPEG encoder for grey test images:
 * MuPDF only writes progressive JPEGs, while scanners and the Reagan Library
 * PDFs store baseline ones. Flat quantisation and fixed-length codes keep it
 * short; the output is a valid JPEG (MuPDF decodes it), not a small one.
 */

const ZIGZAG: number[] = (() => {
  const order: number[] = [];
  for (let s = 0; s < 15; s++) {
    const cells: number[] = [];
    for (let y = 0; y < 8; y++) {
      const x = s - y;
      if (x >= 0 && x < 8) cells.push(y * 8 + x);
    }
    // Even diagonals run up and to the right (from the bottom-left cell), odd ones down and to the left.
    order.push(...(s % 2 === 0 ? cells.reverse() : cells));
  }
  return order;
})();

const COS = Array.from({ length: 64 }, (_, i) => Math.cos(((2 * (i >> 3) + 1) * (i & 7) * Math.PI) / 16));
const QUANT = 12;
/** DC categories 0..11, each a 4-bit code; AC symbols (EOB, ZRL, run/size pairs), each an 8-bit code. */
const DC_SYMBOLS = Array.from({ length: 12 }, (_, i) => i);
const AC_SYMBOLS = [0x00, 0xf0, ...Array.from({ length: 160 }, (_, i) => ((i / 10) << 4) | ((i % 10) + 1))];

class Bits {
  out: number[] = [];
  private acc = 0;
  private n = 0;
  put(value: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) {
        this.out.push(this.acc);
        if (this.acc === 0xff) this.out.push(0);
        this.acc = 0;
        this.n = 0;
      }
    }
  }
  flush(): void {
    while (this.n) this.put(1, 1);
  }
}

const category = (v: number) => (v === 0 ? 0 : Math.floor(Math.log2(Math.abs(v))) + 1);
const magnitude = (v: number, cat: number) => (v >= 0 ? v : v + (1 << cat) - 1);

function segment(marker: number, body: number[]): number[] {
  const len = body.length + 2;
  return [0xff, marker, len >> 8, len & 0xff, ...body];
}

/** Encodes 8-bit grey pixels (row-major) as a baseline JPEG. */
export function baselineJpeg(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const bits = new Bits();
  const acCode = new Map(AC_SYMBOLS.map((s, i) => [s, i]));
  let prevDc = 0;
  const block = new Float64Array(64);
  for (let by = 0; by < Math.ceil(height / 8); by++) {
    for (let bx = 0; bx < Math.ceil(width / 8); bx++) {
      for (let i = 0; i < 64; i++) {
        const x = Math.min(bx * 8 + (i & 7), width - 1);
        const y = Math.min(by * 8 + (i >> 3), height - 1);
        block[i] = (pixels[y * width + x] ?? 0) - 128;
      }
      const coef = new Int32Array(64);
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          let sum = 0;
          for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) sum += block[y * 8 + x]! * COS[x * 8 + u]! * COS[y * 8 + v]!;
          const cu = u === 0 ? Math.SQRT1_2 : 1;
          const cv = v === 0 ? Math.SQRT1_2 : 1;
          coef[v * 8 + u] = Math.round((0.25 * cu * cv * sum) / QUANT);
        }
      }
      const dc = coef[0]!;
      const diff = dc - prevDc;
      prevDc = dc;
      const dcCat = category(diff);
      bits.put(dcCat, 4);
      bits.put(magnitude(diff, dcCat), dcCat);
      let run = 0;
      for (let k = 1; k < 64; k++) {
        const c = coef[ZIGZAG[k]!]!;
        if (c === 0) {
          run++;
          continue;
        }
        while (run > 15) {
          bits.put(acCode.get(0xf0)!, 8);
          run -= 16;
        }
        const cat = Math.min(category(c), 10);
        const clamped = Math.max(-1023, Math.min(1023, c));
        bits.put(acCode.get((run << 4) | cat)!, 8);
        bits.put(magnitude(clamped, cat), cat);
        run = 0;
      }
      if (run > 0) bits.put(acCode.get(0x00)!, 8);
    }
  }
  bits.flush();
  const counts = (len: number, n: number) => Array.from({ length: 16 }, (_, i) => (i === len - 1 ? n : 0));
  return new Uint8Array([
    0xff,
    0xd8,
    ...segment(0xdb, [0x00, ...Array.from({ length: 64 }, () => QUANT)]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, ...counts(4, DC_SYMBOLS.length), ...DC_SYMBOLS]),
    ...segment(0xc4, [0x10, ...counts(8, AC_SYMBOLS.length), ...AC_SYMBOLS]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...bits.out,
    0xff,
    0xd9,
  ]);
}

/** A grey MuPDF pixmap as a baseline JPEG. */
export const baselineJpegOf = (pix: { getPixels(): Uint8ClampedArray | Uint8Array; getWidth(): number; getHeight(): number }) =>
  baselineJpeg(new Uint8Array(pix.getPixels()), pix.getWidth(), pix.getHeight());

/** Overwrites a JPEG's scan data (between the scan header and the end marker) with `fill`, keeping its length. */
export function garbleJpegScan(jpeg: Uint8Array, fill: (i: number) => number): Uint8Array {
  const out = new Uint8Array(jpeg);
  let sos = 2;
  while (!(out[sos] === 0xff && out[sos + 1] === 0xda)) sos += 2 + ((out[sos + 2]! << 8) | out[sos + 3]!);
  const start = sos + 2 + ((out[sos + 2]! << 8) | out[sos + 3]!);
  // 0xFF would start a marker; the garbage is plain data bytes.
  for (let i = start; i < out.length - 2; i++) out[i] = fill(i - start) === 0xff ? 0xfe : fill(i - start);
  return out;
}
