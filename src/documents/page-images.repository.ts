import type { Db } from '../db/database.js';

export type PageImagesRepository = ReturnType<typeof createPageImagesRepository>;

/** A page's image and thumbnail (blobs in the content-addressed store). */
export interface PageImageRow {
  page_no: number;
  blob_key: string;
  media_type: string;
  width: number;
  height: number;
  thumb_key: string;
  thumb_width: number;
  thumb_height: number;
}

/** A page's OCR words (JSON, page-image pixels of a `width` × `height` image). */
export interface PageWordsRow {
  page_no: number;
  width: number;
  height: number;
  words: string;
}

/** Read access to page images and OCR word boxes; every method is one query, whatever the page count. */
export function createPageImagesRepository({ db }: { db: Db }) {
  return {
    /** The images of every page of a document that has one, by page number. */
    async images(documentId: string): Promise<PageImageRow[]> {
      return db
        .selectFrom('page_images as i')
        .innerJoin('pages as p', 'p.id', 'i.page_id')
        .select(['p.page_no', 'i.blob_key', 'i.media_type', 'i.width', 'i.height', 'i.thumb_key', 'i.thumb_width', 'i.thumb_height'])
        .where('p.document_id', '=', documentId)
        .orderBy('p.page_no')
        .execute();
    },

    /** The image of one page, or undefined when it has none (yet). */
    async image(documentId: string, pageNo: number): Promise<PageImageRow | undefined> {
      return db
        .selectFrom('page_images as i')
        .innerJoin('pages as p', 'p.id', 'i.page_id')
        .select(['p.page_no', 'i.blob_key', 'i.media_type', 'i.width', 'i.height', 'i.thumb_key', 'i.thumb_width', 'i.thumb_height'])
        .where('p.document_id', '=', documentId)
        .where('p.page_no', '=', pageNo)
        .executeTakeFirst();
    },

    /** OCR words of the given pages of a document (all its OCR'd pages when `pageNos` is omitted). */
    async words(documentId: string, pageNos?: readonly number[]): Promise<PageWordsRow[]> {
      if (pageNos && pageNos.length === 0) return [];
      let q = db
        .selectFrom('page_ocr as o')
        .innerJoin('pages as p', 'p.id', 'o.page_id')
        .select(['p.page_no', 'o.width', 'o.height', 'o.words'])
        .where('p.document_id', '=', documentId);
      if (pageNos) q = q.where('p.page_no', 'in', [...pageNos]);
      return q.orderBy('p.page_no').execute();
    },
  };
}
