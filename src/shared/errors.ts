/**
 * Coded domain errors. Every error the archive raises on purpose has a stable
 * `code` (documented in docs/errors.md, never reused) and an HTTP status that
 * the web edge maps it to. Domain code never throws HTTP exceptions.
 */
export class DeclassError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(opts: { code: string; message: string; status?: number; details?: Record<string, unknown>; cause?: unknown }) {
    super(opts.message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'DeclassError';
    this.code = opts.code;
    this.status = opts.status ?? 500;
    this.details = opts.details;
  }
}

/** Builds a factory for one error code, e.g. `const notFound = createErrorFactory({ code: 'documents.not_found', status: 404 })`. */
export function createErrorFactory(base: { code: string; status?: number }) {
  return (message: string, extra: { details?: Record<string, unknown>; cause?: unknown } = {}) =>
    new DeclassError({ ...base, message, ...extra });
}

export function isDeclassError(err: unknown): err is DeclassError {
  return err instanceof DeclassError;
}

/** A one-line description of any thrown value, for reports. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
