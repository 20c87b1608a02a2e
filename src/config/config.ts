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
  corpusDir: z.string().min(1),
  /** PostgreSQL URL (postgres://…) to use instead of the embedded SQLite archive in dataDir. */
  database: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DECLASS_DATABASE must be a postgres:// URL')
    .nullable(),
});

export type Config = z.infer<typeof schema>;

export interface ConfigOverrides {
  dataDir?: string | undefined;
  host?: string | undefined;
  port?: number | string | undefined;
  maxFileBytes?: number | undefined;
  database?: string | null | undefined;
}

export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): Config {
  const raw = {
    dataDir: path.resolve(overrides.dataDir ?? env.DECLASS_DATA ?? './declass-data'),
    host: overrides.host ?? env.DECLASS_HOST ?? '127.0.0.1',
    port: overrides.port ?? env.DECLASS_PORT ?? 8080,
    maxFileBytes: overrides.maxFileBytes ?? env.DECLASS_MAX_FILE_BYTES ?? 512 * 1024 * 1024,
    corpusDir: path.resolve(env.DECLASS_CORPUS ?? '../shared/corpus'),
    database: overrides.database !== undefined ? overrides.database : (env.DECLASS_DATABASE ?? null) || null,
  };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new DeclassError({ code: 'config.invalid', message: `Invalid configuration: ${issues}` });
  }
  return parsed.data;
}
