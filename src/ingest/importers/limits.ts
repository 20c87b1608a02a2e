/**
 * Limits on what a file may ask the parser to hold in memory, and the cheap
 * header reads that enforce them before MuPDF decodes anything.
 */
export interface InputLimits {
  /** An image (a file's frame, or a scan inside a PDF) declaring more pixels than this is refused. */
  maxImagePixels: number;
  /** A PDF with more pages than this is refused. */
  maxPdfPages: number;
}

export const DEFAULT_LIMITS: InputLimits = { maxImagePixels: 200_000_000, maxPdfPages: 20_000 };

export interface Dimensions {
  width: number;
  height: number;
}

/** The largest frame of a list, by pixel count (null for none). */
const largest = (frames: readonly Dimensions[]): Dimensions | null =>
  frames.reduce<Dimensions | null>((a, b) => (a && a.width * a.height >= b.width * b.height ? a : b), null);

function pngSize(b: Buffer): Dimensions | null {
  // Signature (8), chunk length (4), "IHDR" (4), width (4), height (4).
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC). */
const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;

function jpegSize(b: Buffer): Dimensions | null {
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image or start of scan before any frame header
    const length = b.readUInt16BE(at + 2);
    if (isSof(marker)) {
      if (at + 9 > b.length) return null;
      return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

function gifSize(b: Buffer): Dimensions | null {
  if (b.length < 10) return null;
  return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
}

/** Every IFD of a TIFF (bounded, loops cut), the largest frame's ImageWidth × ImageLength. */
function tiffSize(b: Buffer): Dimensions | null {
  if (b.length < 8) return null;
  const le = b[0] === 0x49;
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const frames: Dimensions[] = [];
  const seen = new Set<number>();
  let ifd = u32(4);
  while (ifd !== 0 && ifd + 2 <= b.length && !seen.has(ifd) && seen.size < 10_000) {
    seen.add(ifd);
    const count = u16(ifd);
    let width = 0;
    let height = 0;
    for (let i = 0; i < count; i++) {
      const e = ifd + 2 + i * 12;
      if (e + 12 > b.length) break;
      const tag = u16(e);
      if (tag !== 256 && tag !== 257) continue;
      const value = u16(e + 2) === 3 ? u16(e + 8) : u32(e + 8); // SHORT or LONG
      if (tag === 256) width = value;
      else height = value;
    }
    frames.push({ width, height });
    const next = ifd + 2 + count * 12;
    ifd = next + 4 <= b.length ? u32(next) : 0;
  }
  return largest(frames);
}

/**
 * The pixel size an image file declares in its header (PNG IHDR, JPEG SOF,
 * GIF screen descriptor, the largest TIFF IFD), read without decoding; null
 * when the header cannot be read (decoding then reports the damage).
 */
export function declaredImageSize(bytes: Uint8Array, mediaType: string): Dimensions | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (mediaType) {
    case 'image/png':
      return pngSize(b);
    case 'image/jpeg':
      return jpegSize(b);
    case 'image/gif':
      return gifSize(b);
    case 'image/tiff':
      return tiffSize(b);
    default:
      return null;
  }
}

/** Whether an image of this size is over the pixel limit. */
export const overPixelLimit = (d: Dimensions, limits: Pick<InputLimits, 'maxImagePixels'>) => d.width * d.height > limits.maxImagePixels;

export const describeSize = (d: Dimensions) => `${d.width}×${d.height} pixels (${((d.width * d.height) / 1e6).toFixed(1)} megapixels)`;
