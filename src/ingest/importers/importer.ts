import type { FieldMap } from '../../documents/fields.js';
import type { InputLimits } from './limits.js';

/** How a page's text was obtained. */
export type TextSource = 'source' | 'layer' | 'ocr' | 'none';

export interface ImportedPage {
  /** Printed page label where the source has one. */
  label: string | null;
  text: string;
  textSource: TextSource;
  /** The publisher's text layer when it was too poor to use as the page's text (kept for comparison). */
  layerText?: string;
}

export type EntityKind = 'person' | 'organization' | 'place';

/** An authority record a source file declares (e.g. a FRUS persons list entry). */
export interface ImportedEntity {
  kind: EntityKind;
  name: string;
  authorityKey: string;
  variants: string[];
  description: string | null;
}

export interface ImportedMention {
  kind: EntityKind;
  /** The name as written. */
  text: string;
  /** Links to an `ImportedEntity` of the same file, or to an existing authority record. */
  authorityKey: string | null;
  pageNo: number | null;
  spanStart: number | null;
  spanEnd: number | null;
  /** 'source' (default): tagged in the file; 'extracted': found in the text by the entity extractor. */
  provenance?: 'source' | 'extracted';
}

export interface ImportedDocument {
  /** Identifier inside the source file (e.g. TEI xml:id); '' for single-document files. */
  sourceKey: string;
  /** Preferred stable id (e.g. "frus1918Russiav03-d1"); the file hash is used when absent. */
  preferredId: string | null;
  title: string | null;
  pages: ImportedPage[];
  /** True when no page has usable text, so the document waits for OCR. */
  needsOcr: boolean;
  /** Metadata as the source file states it (provenance "source"). */
  fields: FieldMap;
  mentions: ImportedMention[];
}

export interface ImportedCollection {
  slug: string;
  title: string;
  kind: 'volume' | 'release' | 'collection';
  agency?: string | null;
  releaseDate?: string | null;
  sourceUrl?: string | null;
  notes?: string | null;
}

export interface ImportResult {
  format: string;
  mediaType: string;
  /** Set when the file itself is a collection (a FRUS volume). */
  collection: ImportedCollection | null;
  entities: ImportedEntity[];
  documents: ImportedDocument[];
}

export interface ImportInput {
  bytes: Buffer;
  /** Path as given, for messages. */
  path: string;
  name: string;
  /** Size limits (pixels, pages); DEFAULT_LIMITS when absent. */
  limits?: InputLimits | undefined;
}

/** Reads one file into documents. Pure apart from CPU: no database, no blobs. Throws coded `ingest.*` errors. */
export type Importer = (input: ImportInput) => Promise<ImportResult>;

/** What a file says about itself: everything an import gives but its documents. */
export type ImportHead = Omit<ImportResult, 'documents'>;

/** What a streaming importer hands over: the file's head once, first, then its documents in order. */
export type ImportEvent = { head: ImportHead } | { document: ImportedDocument };

/**
 * Reads one file into documents, handing each over as soon as it is read (so a big file's documents need not all be
 * held at once). Throws coded `ingest.*` errors, possibly after some documents.
 */
export type StreamingImporter = (input: ImportInput) => Iterable<ImportEvent>;
