/**
 * The seam where page images plug in: the page viewer, the thumbnails strip and
 * briefing-book embeds ask it for a document's page images (URLs and pixel
 * sizes, so <img> gets width/height and nothing shifts), and for OCR word boxes.
 * `createPageImages` reads the page pipeline's tables; `noPageImages` has none
 * (the text reader alone).
 */
import type { PageImagesRepository } from '../documents/page-images.repository.js';
import { normaliseWords, parseStoredWords, type WordBox } from './word-boxes.js';

export interface PageImage {
  pageNo: number;
  url: string;
  width: number;
  height: number;
  thumb: { url: string; width: number; height: number };
}

/** A blob to serve for a page: its content address and media type. */
export interface PageBlob {
  key: string;
  mediaType: string;
}

export interface PageImages {
  /** The images of a document's pages that have one, by page number (one query for all pages). */
  forDocument(documentId: string): Promise<Map<number, PageImage>>;
  /** The OCR words of a document's pages (all, or `pageNos`), boxes normalised to 0..1 of the image. */
  wordBoxes(documentId: string, pageNos?: readonly number[]): Promise<Map<number, WordBox[]>>;
  /** The image (or thumbnail) blob of one page, or null when the page has none yet. */
  blob(documentId: string, pageNo: number, which: 'image' | 'thumb'): Promise<PageBlob | null>;
}

export const noPageImages: PageImages = {
  forDocument: () => Promise.resolve(new Map()),
  wordBoxes: () => Promise.resolve(new Map()),
  blob: () => Promise.resolve(null),
};

/** Short version tag of a content address: URLs change when the image does, so they can be cached for good. */
export const versionOf = (key: string) => key.slice(0, 16);

export const pageImagePath = (documentId: string, pageNo: number, which: 'image' | 'thumb') =>
  `/documents/${encodeURIComponent(documentId)}/pages/${pageNo}/${which}`;

export function createPageImages(repo: PageImagesRepository): PageImages {
  return {
    async forDocument(documentId) {
      const out = new Map<number, PageImage>();
      for (const r of await repo.images(documentId)) {
        out.set(r.page_no, {
          pageNo: r.page_no,
          url: `${pageImagePath(documentId, r.page_no, 'image')}?v=${versionOf(r.blob_key)}`,
          width: r.width,
          height: r.height,
          thumb: {
            url: `${pageImagePath(documentId, r.page_no, 'thumb')}?v=${versionOf(r.thumb_key)}`,
            width: r.thumb_width,
            height: r.thumb_height,
          },
        });
      }
      return out;
    },
    async wordBoxes(documentId, pageNos) {
      const out = new Map<number, WordBox[]>();
      for (const r of await repo.words(documentId, pageNos))
        out.set(r.page_no, normaliseWords(parseStoredWords(r.words), r.width, r.height));
      return out;
    },
    async blob(documentId, pageNo, which) {
      const r = await repo.image(documentId, pageNo);
      if (!r) return null;
      // Thumbnails are always JPEG (see src/ocr/page-image.ts).
      return which === 'image' ? { key: r.blob_key, mediaType: r.media_type } : { key: r.thumb_key, mediaType: 'image/jpeg' };
    },
  };
}
