import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import { ocrErrors } from './ocr.errors.js';
import type { OcrEngine, OcrImage, OcrResult } from './ocr.types.js';
import { parseTesseractTsv } from './tsv.js';

/** Whether a `tesseract` binary with the English model is on the PATH. */
export function nativeTesseractAvailable(binary = 'tesseract'): boolean {
  const r = spawnSync(binary, ['--list-langs'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && /^eng$/m.test(r.stdout);
}

/**
 * Native tesseract, one process per page. OMP_THREAD_LIMIT=1: tesseract's
 * OpenMP threads fight each other (and our other pages) for cores and make a
 * page ~15x slower here; parallelism comes from running pages side by side.
 */
export function createNativeTesseract(
  opts: {
    binary?: string;
    concurrency?: number;
    /** Per page: past it the process is killed and the page fails with `ocr.timeout`. */
    timeoutMs?: number;
    env?: Record<string, string | undefined>;
  } = {},
): OcrEngine {
  const binary = opts.binary ?? 'tesseract';
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return {
    name: 'tesseract',
    concurrency: opts.concurrency ?? os.availableParallelism(),
    recognize(image: OcrImage): Promise<OcrResult> {
      return new Promise((resolve, reject) => {
        // --psm 3: automatic page segmentation without orientation detection (scans here are upright).
        const dpi = String(Math.round(image.dpi ?? 300));
        const child = spawn(binary, ['stdin', 'stdout', '-l', 'eng', '--psm', '3', '--dpi', dpi, 'tsv'], {
          env: { ...opts.env, OMP_THREAD_LIMIT: '1' },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        // A page that takes too long (a pathological scan) is killed, not waited for: its job fails with ocr.timeout.
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, timeoutMs);
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (b: Buffer) => out.push(b));
        child.stderr.on('data', (b: Buffer) => err.push(b));
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(ocrErrors.engineFailed(`tesseract could not be started: ${e.message}`, { cause: e }));
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          if (timedOut) {
            reject(
              ocrErrors.timeout(`tesseract took longer than ${timeoutMs} ms (DECLASS_OCR_TIMEOUT_MS) and was stopped`, {
                details: { timeoutMs },
              }),
            );
            return;
          }
          if (code !== 0) {
            const said = Buffer.concat(err).toString('utf8').trim().split('\n').slice(-3).join(' / ');
            reject(ocrErrors.engineFailed(`tesseract exited with ${signal ?? `code ${code}`}${said ? `: ${said}` : ''}`));
            return;
          }
          resolve(parseTesseractTsv(Buffer.concat(out).toString('utf8'), image));
        });
        child.stdin.on('error', () => undefined); // an early exit is reported by 'close'
        child.stdin.end(image.bytes);
      });
    },
    close: () => Promise.resolve(),
  };
}
