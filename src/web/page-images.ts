/**
 * The seam where page images plug in. The image pipeline (page rendering,
 * thumbnails, OCR word boxes) is not built yet, so there is no image for any
 * page and the viewer shows text only. When it lands, return the URL of the
 * page image (and thumbnail) here; the document page, the thumbnails list and
 * briefing-book embeds then render <img> elements with alt text, unchanged.
 */
export interface PageImages {
  pageImageUrl(documentId: string, pageNo: number): string | null;
  thumbnailUrl(documentId: string, pageNo: number): string | null;
}

export const noPageImages: PageImages = {
  pageImageUrl: () => null,
  thumbnailUrl: () => null,
};
