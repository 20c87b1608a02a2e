import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DeclassError } from '../shared/errors.js';

/**
 * The only place that reads `process.env`. Each setting names its env var and
 * default; the whole config is validated once at boot and fails fast.
 */
const schema = z.object({
  dataDir: z.string().min(1),
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  /** Files larger than this are refused with `ingest.file_too_large` (bytes). */
  maxFileBytes: z.coerce.number().int().positive(),
  /** Images (files, and scans inside PDFs) declaring more pixels than this are refused before decoding (`ingest.image_too_large`). */
  maxImagePixels: z.coerce.number().int().positive(),
  /** PDFs with more pages than this are refused (`ingest.too_many_pages`). */
  maxPdfPages: z.coerce.number().int().positive(),
  corpusDir: z.string().min(1),
  /** Where derived data shared by archives is cached (the compiled authority gazetteer). */
  cacheDir: z.string().min(1),
  /** PostgreSQL URL (postgres://…) to use instead of the embedded SQLite archive in dataDir. */
  database: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DECLASS_DATABASE must be a postgres:// URL')
    .nullable(),
  /** OCR engine: auto (native tesseract if on the PATH, else tesseract.js), tesseract, tesseract.js. */
  ocrEngine: z.enum(['auto', 'tesseract', 'tesseract.js']),
  /** The native tesseract binary. */
  tesseractBinary: z.string().min(1),
  /** `declass serve`: HTTP processes sharing the port (node:cluster); more than 1 uses more cores under concurrent readers. */
  webProcesses: z.coerce.number().int().min(1).max(64),
  /** Search responses kept per process (LRU, dropped whenever the index changes); 0 turns the cache off. */
  searchCacheEntries: z.coerce.number().int().min(0).max(100_000),
  /** Megabytes per process for the match sets of broad text queries (sqlite-fts5.sets.ts); 0 keeps none. */
  searchSetsMb: z.coerce.number().min(0).max(65_536),
  /**
   * A second read connection in its own thread, which a search running alone in the process uses to overlap its
   * statements (sqlite-fts5.side.ts); on by default (DECLASS_SEARCH_SIDE=0 turns it off).
   */
  searchSide: z.boolean(),
  /** Pages processed at once by this process's workers (default: the cores). */
  workerConcurrency: z.coerce.number().int().min(1).max(256),
  /** How long a worker's claim on a job holds without renewal; a crashed worker's jobs are taken over after it (ms). */
  jobLeaseMs: z.coerce.number().int().min(500),
  /** How long the native OCR engine may spend on one page before it is killed (`ocr.timeout`, ms). */
  ocrTimeoutMs: z.coerce.number().int().positive(),
});

export type Config = z.infer<typeof schema>;

export interface ConfigOverrides {
  dataDir?: string | undefined;
  host?: string | undefined;
  port?: number | string | undefined;
  maxFileBytes?: number | undefined;
  maxImagePixels?: number | undefined;
  maxPdfPages?: number | undefined;
  ocrTimeoutMs?: number | undefined;
  database?: string | null | undefined;
  ocrEngine?: string | undefined;
  workerConcurrency?: number | string | undefined;
  webProcesses?: number | string | undefined;
  searchCacheEntries?: number | string | undefined;
  searchSetsMb?: number | string | undefined;
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const raw = {
    dataDir: path.resolve(overrides.dataDir ?? env.DECLASS_DATA ?? './declass-data'),
    host: overrides.host ?? env.DECLASS_HOST ?? '127.0.0.1',
    port: overrides.port ?? env.DECLASS_PORT ?? 8080,
    maxFileBytes: overrides.maxFileBytes ?? env.DECLASS_MAX_FILE_BYTES ?? 512 * 1024 * 1024,
    maxImagePixels: overrides.maxImagePixels ?? env.DECLASS_MAX_IMAGE_PIXELS ?? 200_000_000,
    maxPdfPages: overrides.maxPdfPages ?? env.DECLASS_MAX_PDF_PAGES ?? 20_000,
    corpusDir: path.resolve(env.DECLASS_CORPUS ?? '../shared/corpus'),
    cacheDir: path.resolve(env.DECLASS_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'declass')),
    database: overrides.database !== undefined ? overrides.database : (env.DECLASS_DATABASE ?? null) || null,
    ocrEngine: overrides.ocrEngine ?? env.DECLASS_OCR_ENGINE ?? 'auto',
    tesseractBinary: env.DECLASS_TESSERACT ?? 'tesseract',
    searchCacheEntries: overrides.searchCacheEntries ?? env.DECLASS_SEARCH_CACHE ?? 500,
    searchSetsMb: overrides.searchSetsMb ?? env.DECLASS_SEARCH_SETS_MB ?? 64,
    searchSide: (env.DECLASS_SEARCH_SIDE ?? '1') !== '0',
    webProcesses: overrides.webProcesses ?? env.DECLASS_WEB_PROCESSES ?? 1,
    workerConcurrency: overrides.workerConcurrency ?? env.DECLASS_WORKERS ?? os.availableParallelism(),
    jobLeaseMs: env.DECLASS_JOB_LEASE_MS ?? 120_000,
    ocrTimeoutMs: overrides.ocrTimeoutMs ?? env.DECLASS_OCR_TIMEOUT_MS ?? 120_000,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DeclassError({ code: 'config.invalid', message: `Invalid configuration: ${issues}` });
  }
  return parsed.data;
}

/** The environment child processes (the OCR engine) start with: this process's own. */
export function childProcessEnv(): Record<string, string | undefined> {
  return { ...process.env };
}
