import type { Document as MupdfDocument } from 'mupdf';
import type { BlobStore } from '../blobs/blobs.js';
import { loadMupdf, type Mupdf } from '../ingest/importers/mupdf.js';
import { pageImage, type PageImage } from './page-image.js';
import { declaredImageSize, describeSize, overPixelLimit } from '../ingest/importers/limits.js';
import { ocrErrors } from './ocr.errors.js';

/** Gets page images of stored files, keeping the last few files open (a document's pages are processed close together). */
export interface PageSource {
  image(file: { blobKey: string; mediaType: string; format: string }, pageNo: number): Promise<PageImage>;
  close(): void;
}

const KEEP_OPEN = 4;

export function createPageSource({ blobs, maxImagePixels }: { blobs: BlobStore; maxImagePixels?: number }): PageSource {
  const open = new Map<string, { doc: MupdfDocument; jpeg: Uint8Array | undefined }>();
  let mupdf: Mupdf | null = null;
  return {
    async image(file, pageNo) {
      mupdf ??= await loadMupdf();
      let entry = open.get(file.blobKey);
      if (!entry) {
        const bytes = await blobs.get(file.blobKey);
        // An image file is checked from its header before MuPDF opens it (ingest refuses these; this guards older rows).
        const size = declaredImageSize(bytes, file.mediaType);
        if (size && maxImagePixels !== undefined && overPixelLimit(size, { maxImagePixels })) {
          throw ocrErrors.imageTooLarge(`the image declares ${describeSize(size)}, over DECLASS_MAX_IMAGE_PIXELS (${maxImagePixels})`);
        }
        const doc = mupdf.Document.openDocument(bytes, file.mediaType);
        // A one-page JPEG file is its own page image: served as it is.
        const jpeg = file.mediaType === 'image/jpeg' && doc.countPages() === 1 ? new Uint8Array(bytes) : undefined;
        entry = { doc, jpeg };
        open.set(file.blobKey, entry);
        for (const [key, old] of open) {
          if (open.size <= KEEP_OPEN) break;
          old.doc.destroy();
          open.delete(key);
        }
      }
      return pageImage(mupdf, entry.doc, pageNo - 1, {
        isImageFile: file.format === 'image',
        ...(maxImagePixels === undefined ? {} : { maxImagePixels }),
        ...(entry.jpeg ? { wholeFileJpeg: entry.jpeg } : {}),
      });
    },
    close() {
      for (const e of open.values()) e.doc.destroy();
      open.clear();
    },
  };
}
