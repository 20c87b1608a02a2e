import * as mupdf from 'mupdf';
import { describe, it, expect } from 'vitest';
import { imageImporter, imageMediaType } from './image.js';

/** A grey gradient rendered by MuPDF, as PNG or JPEG bytes. */
function raster(format: 'png' | 'jpeg', width = 120, height = 80): Buffer {
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceGray, [0, 0, width, height], false);
  try {
    const pixels = pixmap.getPixels();
    for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 256;
    return Buffer.from(format === 'png' ? pixmap.asPNG() : pixmap.asJPEG(85));
  } finally {
    pixmap.destroy();
  }
}

/**
 * A little-endian, uncompressed, 8-bit greyscale TIFF with one IFD per frame
 * (written by hand: MuPDF does not write TIFF).
 */
function tiff(frames: number, width: number, height: number): Buffer {
  const tags = 9;
  const ifdSize = 2 + tags * 12 + 4;
  const frameSize = ifdSize + width * height;
  const out = Buffer.alloc(8 + frames * frameSize);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  for (let f = 0; f < frames; f++) {
    const ifd = 8 + f * frameSize;
    const data = ifd + ifdSize;
    out.writeUInt16LE(tags, ifd);
    let at = ifd + 2;
    const tag = (id: number, type: 3 | 4, value: number) => {
      out.writeUInt16LE(id, at);
      out.writeUInt16LE(type, at + 2);
      out.writeUInt32LE(1, at + 4);
      if (type === 3) out.writeUInt16LE(value, at + 8);
      else out.writeUInt32LE(value, at + 8);
      at += 12;
    };
    tag(256, 3, width); // ImageWidth
    tag(257, 3, height); // ImageLength
    tag(258, 3, 8); // BitsPerSample
    tag(259, 3, 1); // Compression: none
    tag(262, 3, 1); // Photometric: black is zero
    tag(273, 4, data); // StripOffsets
    tag(277, 3, 1); // SamplesPerPixel
    tag(278, 3, height); // RowsPerStrip
    tag(279, 4, width * height); // StripByteCounts
    out.writeUInt32LE(f < frames - 1 ? data + width * height : 0, at); // next IFD
    out.fill(40 + f * 60, data, data + width * height);
  }
  return out;
}

/** The classic 1×1 transparent GIF89a. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

const run = (bytes: Buffer, name: string) => imageImporter({ bytes, path: `/scans/${name}`, name });

describe('imageImporter', () => {
  it.each([
    ['page.png', () => raster('png'), 'image/png'],
    ['page.jpg', () => raster('jpeg'), 'image/jpeg'],
    ['dot.gif', () => GIF, 'image/gif'],
    ['single.tif', () => tiff(1, 40, 30), 'image/tiff'],
  ] as const)('reads %s as one page waiting for OCR', async (name, bytes, mediaType) => {
    const result = await run(bytes(), name);
    expect(result).toEqual({
      format: 'image',
      mediaType,
      collection: null,
      entities: [],
      documents: [
        {
          sourceKey: '',
          preferredId: null,
          title: name.replace(/\.\w+$/, ''),
          pages: [{ label: null, text: '', textSource: 'none' }],
          needsOcr: true,
          fields: {},
          mentions: [],
        },
      ],
    });
  });

  it('gives a multi-page TIFF one page per frame', async () => {
    const result = await run(tiff(3, 64, 48), 'cable.tiff');
    expect(result.mediaType).toBe('image/tiff');
    expect(result.documents[0]?.pages).toHaveLength(3);
    expect(result.documents[0]?.needsOcr).toBe(true);
  });

  it('trusts the signature over the extension', async () => {
    const result = await run(raster('png'), 'mislabelled.jpg');
    expect(result.mediaType).toBe('image/png');
  });

  it.each([
    ['PNG cut in half', 'half.png', () => raster('png').subarray(0, raster('png').length >> 1), /no IEND chunk/],
    ['PNG header only', 'head.png', () => raster('png').subarray(0, 33), /no IEND chunk/],
    ['JPEG cut in half', 'half.jpg', () => raster('jpeg').subarray(0, raster('jpeg').length >> 1), /no end-of-image marker/],
    ['GIF cut short', 'cut.gif', () => GIF.subarray(0, 20), /no trailer byte/],
    ['TIFF cut inside its second frame', 'cut.tif', () => tiff(3, 64, 48).subarray(0, 3300), /MuPDF/],
    ['TIFF header only', 'head.tif', () => tiff(1, 8, 8).subarray(0, 8), /MuPDF/],
    [
      'noise behind a PNG signature',
      'noise.png',
      () => Buffer.concat([raster('png').subarray(0, 8), Buffer.alloc(300, 7), Buffer.from('IEND')]),
      /MuPDF/,
    ],
    ['bytes that are no image', 'text.png', () => Buffer.from('not an image at all'), /unrecognised file signature/],
  ] as const)('rejects a %s as a corrupt image', async (_what, name, bytes, cause) => {
    const err = await run(bytes(), name).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'ingest.corrupt_image' });
    expect((err as Error).message).toMatch(new RegExp(`^/scans/${name.replace('.', '\\.')}: the image is damaged and cannot be read: `));
    expect((err as Error).message).toMatch(cause);
  });
});

describe('imageMediaType', () => {
  it('reads signatures', () => {
    expect(imageMediaType(Buffer.from('MM\0*\0\0\0\x08', 'latin1'))).toBe('image/tiff');
    expect(imageMediaType(Buffer.from('GIF87a', 'latin1'))).toBe('image/gif');
    expect(imageMediaType(Buffer.from('%PDF-1.4', 'latin1'))).toBeNull();
  });
});
