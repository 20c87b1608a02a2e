/**
 * Shared access to MuPDF.js (WASM). The module is loaded on first use so that
 * commands that never touch a PDF or an image do not pay for instantiating
 * the WASM binary.
 *
 * MuPDF reports recoverable problems (repaired xref tables, missing fonts,
 * truncated image data) through a process-wide log. We route that log into a
 * small buffer instead of stderr: `withMupdfLog` collects the messages of one
 * synchronous piece of work so that error messages can quote what MuPDF said.
 * Decisions are never based on these messages: MuPDF collapses repeated
 * identical messages across calls ("... repeated N times..."), so a message
 * may be missing from a given call.
 */
import type * as MupdfModule from 'mupdf';

export type Mupdf = typeof MupdfModule;

const MAX_LOG_LINES = 20;

let loading: Promise<Mupdf> | null = null;
let sink: string[] | null = null;

export function loadMupdf(): Promise<Mupdf> {
  loading ??= import('mupdf').then((mupdf) => {
    const record = (message: string) => {
      if (sink && sink.length < MAX_LOG_LINES) sink.push(message.trim());
    };
    mupdf.setLog({ error: record, warning: record });
    return mupdf;
  });
  return loading;
}

/** Runs synchronous MuPDF work, handing it the list that receives MuPDF's log lines meanwhile. */
export function withMupdfLog<T>(work: (log: readonly string[]) => T): T {
  const previous = sink;
  const lines: string[] = [];
  sink = lines;
  try {
    return work(lines);
  } finally {
    sink = previous;
  }
}

/** The message of something MuPDF threw, in one line. */
export function mupdfMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/\s+/g, ' ').trim() || 'unknown error';
}
