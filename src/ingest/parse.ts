import path from 'node:path';
import v8 from 'node:v8';
import type { Gazetteer } from '../entities/gazetteer.js';
import { loadGazetteer } from '../entities/authority.loader.js';
import { prepareGazetteer } from '../entities/extract.js';
import { ingestErrors } from './ingest.errors.js';
import { detectFormat } from './detect.js';
import { documentText, extractFields, type ExtractedField } from './enrich.js';
import { entityMentionsFor } from './entities.js';
import type { ImportedDocument, ImportedEntity, ImportEvent, ImportHead, ImportInput, ImportResult } from './importers/importer.js';
import { importers, streamingImporters } from './importers/registry.js';
import { DEFAULT_LIMITS, type InputLimits } from './importers/limits.js';

/** One document of a parsed file and the fields the extractors found in it. */
export interface ParsedDocument {
  document: ImportedDocument;
  extracted: ExtractedField[];
}

/**
 * A document as the parser hands it on: `extracted` is null where the parser left the metadata extractors to the
 * thread that reads the document (`completeExtraction`), as a parse worker does while storage would otherwise wait for it.
 */
export interface ParserOutput {
  document: ImportedDocument;
  extracted: ExtractedField[] | null;
}

/** What a file says about itself (format, collection, authority records), without its documents. */
export type FileHead = ImportHead;

/**
 * A parsed file as storage reads it: what the file says about itself, and its documents a range at a time. A file
 * parsed in a worker thread streams in while storage works (see `createStreamedFile`): a range is awaited until its
 * documents have arrived, and turned back into objects only then.
 */
export interface ParsedFile {
  /** The file's head. Its `entities` grow as documents arrive: what one document names is listed for the next. */
  file: FileHead;
  /**
   * Documents `from` to `to` (exclusive), in file order; fewer only where the file ends (how many documents a
   * streaming file holds is known only once it has been read).
   */
  documents(from: number, to: number): Promise<ParsedDocument[]>;
  /**
   * The file's authority records as of its first `n` documents: the head's, then those first found in those
   * documents, in the order found. The same whenever it is asked (however far the parse has run ahead), so that
   * storing a file a slice at a time creates the same entities in the same order on every run.
   */
  entitiesBefore(n: number): readonly ImportedEntity[];
}

/** Turns a file's bytes into documents. CPU only: no database, no blobs, so it can run in a worker thread. */
export type ParseFn = (input: ImportInput) => Promise<ParsedFile>;

/** Parsed documents held in memory, as a ParsedFile. */
export function inMemory({
  file,
  documents,
  found = new FoundEntities(file.entities.length),
}: {
  file: FileHead;
  documents: ParsedDocument[];
  /** Which of the file's authority records were found in which documents (default: all known from the start). */
  found?: FoundEntities;
}): ParsedFile {
  return {
    file,
    documents: (from, to) => Promise.resolve(documents.slice(from, to)),
    entitiesBefore: (n) => found.before(file.entities, n),
  };
}

/**
 * Where a file's authority records were first found: the head declares the first `declared`; each one after them
 * was first found in a document, and `marks` holds, in the same order, how many documents had been read by then
 * (that document included). Marks never decrease.
 */
export class FoundEntities {
  readonly marks: number[] = [];
  constructor(readonly declared: number) {}
  /** `entities` (the file's list) as of its first `n` documents. */
  before(entities: readonly ImportedEntity[], n: number): readonly ImportedEntity[] {
    let k = this.marks.length;
    while (k > 0 && this.marks[k - 1]! > n) k--;
    return entities.slice(0, this.declared + k);
  }
}

/**
 * How far the parse runs ahead of storage, counted in documents, in memory shared by the parse workers and the
 * storing thread: a worker leaves the metadata extractors to storage while storage is about to wait for documents,
 * so that neither thread idles while the other works (on FRUS the extractors were about a third of the parser's work).
 */
export class ParseBacklog {
  private readonly counts: Int32Array;
  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(8)) {
    this.counts = new Int32Array(buffer);
  }
  /** A worker parsed a document. */
  parsed(): void {
    Atomics.add(this.counts, 0, 1);
  }
  /** Storage took `n` documents. */
  read(n: number): void {
    Atomics.add(this.counts, 1, n);
  }
  /**
   * Documents parsed and not yet taken by storage, over all files and workers. (A file dropped unread, e.g. a
   * duplicate found only after its parse, stays counted: the workers then run more of the extractors themselves, as
   * they would without this. It is only ever about speed: the documents are the same either way.)
   */
  ahead(): number {
    return Atomics.load(this.counts, 0) - Atomics.load(this.counts, 1);
  }
}

/**
 * A parse worker runs the extractors itself while it is at least this many documents ahead of storage (two of its
 * slices), and leaves them to storage otherwise. Measured on the six FRUS volumes (a cold run, `npm run bench --
 * ingest`): 100, 200 and 300 all beat both "always the worker" and "always storage"; 200 was best.
 */
export const EXTRACT_AHEAD = 200;

/** A parsed document serialised on its own, in a buffer that can be moved (not copied) to another thread. */
export const packDocument = (d: ParserOutput): Uint8Array => v8.serialize(d);

/** A file arriving from a worker thread: fed batches of packed documents, read by ranges as they come. */
export interface StreamedFile extends ParsedFile {
  /**
   * More documents, in order, and the entities that first appeared in them; `marks` holds for each of those how many
   * of the file's documents had been parsed when it was found (see `FoundEntities`).
   */
  push(documents: readonly Uint8Array[], entities: readonly ImportedEntity[], marks: readonly number[]): void;
  /** Every document has arrived (a range past the end resolves short). */
  end(): void;
  /** The parse failed after the head was sent: every range not yet served, and any asked later, rejects. */
  fail(err: unknown): void;
  /**
   * The rest comes from `other`, a parse of the same file (parsing is deterministic: same documents, same order),
   * e.g. after the worker died: ranges not yet served are read from it.
   */
  replaceWith(other: ParsedFile): void;
}

export function createStreamedFile(
  file: FileHead,
  /** The file's name (a document titled by it takes its subject line instead, as `createParser` does). */
  name: string,
  /** Told how many documents each range handed to storage held. */
  onRead?: (n: number) => void,
): StreamedFile {
  const stem = path.parse(name).name;
  const found = new FoundEntities(file.entities.length);
  const packed: (Uint8Array | undefined)[] = [];
  let ended = false;
  let failure: { err: unknown } | null = null;
  let other: ParsedFile | null = null;
  const waiting: { to: number; wake: () => void }[] = [];
  const wakeReady = () => {
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i]!;
      if (failure || other || ended || packed.length >= w.to) {
        waiting.splice(i, 1);
        w.wake();
      }
    }
  };
  const streamed: StreamedFile = {
    file,
    async documents(from, to) {
      if (!(failure || other || ended || packed.length >= to)) await new Promise<void>((wake) => waiting.push({ to, wake }));
      if (failure) throw failure.err;
      if (other) {
        const docs = await other.documents(from, to);
        for (const e of other.file.entities.slice(file.entities.length)) file.entities.push(e);
        return docs;
      }
      const out: ParsedDocument[] = [];
      for (let i = from; i < Math.min(to, packed.length); i++) {
        const b = packed[i];
        if (!b) throw new Error(`document ${i} was read twice`);
        out.push(completeExtraction(v8.deserialize(b) as ParserOutput, stem));
        packed[i] = undefined; // read once: storage asks for each range once; the buffer can go
      }
      onRead?.(out.length);
      return out;
    },
    entitiesBefore(n) {
      return other ? other.entitiesBefore(n) : found.before(file.entities, n);
    },
    push(documents, entities, marks) {
      for (const d of documents) packed.push(d);
      for (const e of entities) file.entities.push(e);
      found.marks.push(...marks);
      wakeReady();
    },
    end() {
      ended = true;
      wakeReady();
    },
    fail(err) {
      if (!failure) onRead?.(packed.filter((b) => b !== undefined).length); // never to be read: no longer ahead
      failure ??= { err };
      wakeReady();
    },
    replaceWith(next) {
      other = next;
      wakeReady();
    },
  };
  return streamed;
}

/** Where the authority data for entity linking comes from (plain data, so it can be passed to worker threads). */
export interface AuthoritySource {
  /** Folder holding historyatstate/ (people, pocom) and frus-dates-project/; absent parts are skipped. */
  corpusDir: string;
  /** Where the compiled gazetteer is cached (null: no cache). */
  cacheDir: string | null;
}

/** Receives a file as it is parsed: its head once the importer has read it, then each finished document. */
export interface ParseSink {
  head(file: FileHead): void;
  /** A finished document and the authority records that first appeared in it (already added to the head's list). */
  document(d: ParserOutput, found: readonly ImportedEntity[]): void;
}

/** How a parse goes. */
export interface StreamOptions {
  /**
   * Asked before each document: true leaves its metadata extractors to whoever reads it (`extracted` null; see
   * `completeExtraction`). The result is the same either way.
   */
  leaveExtraction?: () => boolean;
}

/**
 * A parser: detects the format, runs its importer, then document by document
 * the metadata extractors and the entity extractor, handing each finished
 * document to the sink (which may serialise and send it) and letting go of it.
 * The gazetteer is loaded once, on first use.
 */
export function createParser(authority: AuthoritySource | null, limits: InputLimits = DEFAULT_LIMITS) {
  let gazetteer: Promise<Gazetteer> | null = null;
  const getGazetteer = () => (gazetteer ??= loadGazetteer({ corpusDir: authority!.corpusDir, cacheDir: authority!.cacheDir }));
  async function stream(input: ImportInput, sink: ParseSink, opts: StreamOptions = {}): Promise<void> {
    const format = detectFormat(input.bytes, input.name);
    const streaming = format ? streamingImporters[format] : undefined;
    const importer = format ? importers[format] : undefined;
    if (!streaming && !importer)
      throw ingestErrors.unsupportedFormat(`${input.path}: unsupported file type${format ? ` (${format})` : ''}`);
    const withLimits = { ...input, limits: input.limits ?? limits };
    const events = streaming ? streaming(withLimits) : eventsOf(await importer!(withLimits));
    let g: Gazetteer | null = null;
    // The file's authority records; entities found in one document join them for the next.
    let declared: ImportedEntity[] = [];
    const known = new Set<string>();
    let headSeen = false;
    const stem = path.parse(input.name).name;
    for (const event of events) {
      if ('head' in event) {
        g = authority ? await getGazetteer() : null;
        sink.head(event.head);
        headSeen = true;
        declared = event.head.entities;
        for (const e of declared) known.add(`${e.kind}|${e.authorityKey}`);
        continue;
      }
      const d = event.document;
      const text = documentText(d);
      const extracted = opts.leaveExtraction?.() ? null : extractDocument(d, stem, text);
      const found: ImportedEntity[] = [];
      if (g) {
        // The source's date, else the one the extractors just found; undefined (not extracted yet) has entity linking
        // look for it itself, the same way.
        const date = d.fields.date ? d.fields.date.start : extracted ? (extractedDate(extracted) ?? null) : undefined;
        const linked = entityMentionsFor(d, { gazetteer: g, personsList: declared, date }, text);
        d.mentions.push(...linked.mentions);
        for (const e of linked.entities) {
          const key = `${e.kind}|${e.authorityKey}`;
          if (!known.has(key)) {
            known.add(key);
            declared.push(e);
            found.push(e);
          }
        }
      }
      sink.document({ document: d, extracted }, found);
    }
    if (!headSeen) throw ingestErrors.noDocuments(`${input.path}: no documents found in the file`);
  }
  /** The whole file in memory (parsing on the calling thread). */
  async function parse(input: ImportInput): Promise<ParsedFile> {
    let head: FileHead | null = null;
    let found: FoundEntities | null = null;
    const out: ParsedDocument[] = [];
    const stem = path.parse(input.name).name;
    await stream(input, {
      head: (file) => {
        head = file;
        found = new FoundEntities(file.entities.length);
      },
      document: (d, entities) => {
        out.push(completeExtraction(d, stem));
        for (let i = 0; i < entities.length; i++) found!.marks.push(out.length);
      },
    });
    return inMemory({ file: head!, documents: out, found: found! });
  }
  /** Loads what parsing needs up front (the gazetteer and its derived indexes), so the first file does not wait for it. */
  const warm = async () => {
    if (authority) prepareGazetteer(await getGazetteer());
  };
  return { stream, parse, warm };
}

/** A whole import as a stream: its head, then each document, let go of as it is handed over. */
function* eventsOf({ documents, ...head }: ImportResult): Generator<ImportEvent, void, undefined> {
  if (documents.length === 0) return;
  yield { head };
  for (let i = 0; i < documents.length; i++) {
    const document = documents[i]!;
    documents[i] = undefined as unknown as ImportedDocument; // handed over: the importer's list no longer holds it
    yield { document };
  }
}

export const authorityFor = (corpusDir: string, cacheDir: string): AuthoritySource => ({ corpusDir, cacheDir });

/**
 * Runs the metadata extractors over a document; a title that is only the file's name (`stem`) gives way to the
 * record's own subject line where one was read. Returns the fields found.
 */
function extractDocument(d: ImportedDocument, stem: string, text = documentText(d)): ExtractedField[] {
  const extracted = extractFields(d, text);
  const subject = extracted.find((f) => f.name === 'subject')?.value;
  if ((d.title === null || d.title === stem) && typeof subject === 'string' && subject.trim()) d.title = subject.trim();
  return extracted;
}

/** A document the parser handed on, its metadata extracted here if the parser left that to its reader. */
export function completeExtraction(d: ParserOutput, stem: string): ParsedDocument {
  d.extracted ??= extractDocument(d.document, stem);
  return d as ParsedDocument;
}

/** The first day of the date `extractFields` found in a document's text, if any. */
function extractedDate(fields: readonly ExtractedField[]): string | undefined {
  const value = fields.find((f) => f.name === 'date')?.value as { start?: unknown } | undefined;
  return typeof value?.start === 'string' ? value.start : undefined;
}
