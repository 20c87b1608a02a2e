import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { baselineJpegOf, garbleJpegScan } from '../../../test/support/jpeg.js';
import { scanPng } from '../../../test/support/scans.js';
import { jpegScanProblem } from './jpeg-check.js';

const page = () => baselineJpegOf(new mupdf.Image(scanPng(['SCAN DATA CHECK', 'second line'], 100)).toPixmap());

describe('JPEG scan data check', () => {
  it('passes a sound baseline JPEG, which MuPDF decodes', () => {
    const jpeg = page();
    expect(jpegScanProblem(jpeg)).toBeNull();
    expect(new mupdf.Image(jpeg).getWidth()).toBeGreaterThan(0);
  });

  it.each([
    ['a repeated byte', () => 0x5a, /in none of its Huffman tables/],
    ['zeros (a valid code stream, far too long)', () => 0, /bytes of scan data are left after its last block/],
    ['pseudo-random bytes', (i: number) => (i * 2654435761) >>> 24, /Huffman tables|outside its 8×8 block|left after/],
  ] as const)('finds scan data overwritten with %s, which MuPDF would decode as noise', (_what, fill, problem) => {
    const bad = garbleJpegScan(page(), fill);
    expect(() => new mupdf.Image(bad).toPixmap()).not.toThrow(); // the reason for this check
    expect(jpegScanProblem(bad)).toMatch(problem);
  });

  it('finds scan data cut short', () => {
    const jpeg = page();
    const cut = new Uint8Array([...jpeg.subarray(0, jpeg.length >> 1), 0xff, 0xd9]);
    expect(jpegScanProblem(cut)).toMatch(/ends before its last block/);
  });

  it('does not judge progressive JPEGs (MuPDF writes those)', () => {
    const pix = new mupdf.Image(scanPng(['PROGRESSIVE'], 100)).toPixmap();
    expect(jpegScanProblem(pix.asJPEG(80))).toBeNull();
  });
});
