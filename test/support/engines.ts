import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createServices, type Services } from '../../src/app/services.js';
import { loadConfig } from '../../src/config/config.js';
import { tempDir } from './services.js';

/**
 * PostgreSQL for `*.int.test.ts`: an admin URL in DECLASS_TEST_DATABASE_URL
 * (CI starts a server and sets it). Each archive gets a database of its own.
 */
export const postgresUrl = process.env.DECLASS_TEST_DATABASE_URL ?? null;
export const NO_POSTGRES = 'PostgreSQL not configured (set DECLASS_TEST_DATABASE_URL=postgres://user:pass@host/db; CI does)';

export type EngineName = 'sqlite' | 'postgres';

/** The engines available here, for contract suites: `for (const engine of ENGINES)`. */
export const ENGINES: { name: EngineName; available: boolean; reason: string }[] = [
  { name: 'sqlite', available: true, reason: '' },
  { name: 'postgres', available: postgresUrl !== null, reason: NO_POSTGRES },
];

/** Creates an empty database on the test server and returns its URL and a dropper. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error(NO_POSTGRES);
  const name = `declass_t_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A fresh archive on the given engine; `close` also drops its PostgreSQL database. */
export async function createEngineServices(
  engine: EngineName,
  overrides: { maxFileBytes?: number } = {},
): Promise<Services & { dataDir: string }> {
  const dataDir = tempDir();
  if (engine === 'sqlite')
    return Object.assign(await createServices(loadConfig({ dataDir, database: null, ...overrides }), { authority: null }), { dataDir });
  const database = await createTestDatabase();
  const services = await createServices(loadConfig({ dataDir, database: database.url, ...overrides }), { authority: null });
  const closeServices = services.close.bind(services);
  return Object.assign(services, {
    dataDir,
    close: async () => {
      await closeServices();
      await database.drop();
    },
  });
}
