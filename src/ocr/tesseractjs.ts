import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { createWorker as createWorkerFn } from 'tesseract.js';
import { ocrErrors } from './ocr.errors.js';
import type { OcrEngine, OcrImage, OcrResult } from './ocr.types.js';
import { parseTesseractTsv } from './tsv.js';

type TesseractWorker = Awaited<ReturnType<typeof createWorkerFn>>;

/** Folder of the English LSTM model shipped by the npm package `@tesseract.js-data/eng` (no download at run time). */
export function bundledEnglishModelDir(): string {
  const require = createRequire(import.meta.url);
  const data = require('@tesseract.js-data/eng') as { langPath: string };
  // The package also has `4.0.0_best_int` (slower, slightly better); the fast integer model is the default choice here.
  return data.langPath;
}

/**
 * tesseract.js (WASM), the zero-setup fallback. A small pool of workers (each
 * its own thread) recognises pages side by side; the model is read from the
 * bundled package, never fetched, and never cached elsewhere.
 */
export function createTesseractJs(
  opts: {
    concurrency?: number;
    /** Per page: past it the page's worker is terminated (a fresh one replaces it) and the page fails with `ocr.timeout`. */
    timeoutMs?: number;
  } = {},
): OcrEngine {
  const size = Math.max(1, opts.concurrency ?? Math.min(4, os.availableParallelism()));
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const idle: TesseractWorker[] = [];
  const waiting: ((w: TesseractWorker) => void)[] = [];
  let started = 0;
  let closed = false;

  const startWorker = async (): Promise<TesseractWorker> => {
    const { createWorker, OEM } = await import('tesseract.js');
    const langPath = bundledEnglishModelDir();
    return createWorker('eng', OEM.LSTM_ONLY, {
      langPath,
      cachePath: path.join(os.tmpdir(), 'declass-tesseractjs'),
      cacheMethod: 'none',
      gzip: true,
    });
  };
  const acquire = async (): Promise<TesseractWorker> => {
    const w = idle.pop();
    if (w) return w;
    if (started < size) {
      started++;
      try {
        return await startWorker();
      } catch (cause) {
        started--;
        throw ocrErrors.engineFailed(`tesseract.js could not start: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      }
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (w: TesseractWorker) => {
    if (closed) {
      void w.terminate();
      return;
    }
    const next = waiting.shift();
    if (next) next(w);
    else idle.push(w);
  };

  return {
    name: 'tesseract.js',
    concurrency: size,
    async recognize(image: OcrImage): Promise<OcrResult> {
      if (closed) throw ocrErrors.engineFailed('tesseract.js engine is closed');
      const worker = await acquire();
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(
            ocrErrors.timeout(`tesseract.js took longer than ${timeoutMs} ms (DECLASS_OCR_TIMEOUT_MS) and was stopped`, {
              details: { timeoutMs },
            }),
          );
        }, timeoutMs);
      });
      try {
        const { data } = await Promise.race([worker.recognize(Buffer.from(image.bytes), {}, { text: false, tsv: true }), limit]);
        return parseTesseractTsv(data.tsv ?? '', image);
      } catch (cause) {
        if (timedOut) throw cause;
        throw ocrErrors.engineFailed(`tesseract.js failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
      } finally {
        clearTimeout(timer);
        if (timedOut) {
          // The worker is still busy with the page: it is terminated, and its slot freed for a fresh one.
          started--;
          void worker.terminate().catch(() => undefined);
          const next = waiting.shift();
          if (next && !closed) void acquire().then(next, () => undefined);
        } else release(worker);
      }
    },
    async close() {
      closed = true;
      const all = idle.splice(0);
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
