import { describe, expect, it } from 'vitest';
import { createServices } from '../app/services.js';
import { loadConfig } from '../config/config.js';
import { tempDir } from '../../test/support/services.js';
import { redactUrl } from './postgres.js';

describe('PostgreSQL connection', () => {
  it('refused at start: a clear message naming the URL without the password', async () => {
    const url = 'postgres://archivist:s3cret-pass@127.0.0.1:1/declass';
    const err = await createServices(loadConfig({ dataDir: tempDir(), database: url })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'store.connection_failed' });
    const message = (err as Error).message;
    expect(message).toContain('postgres://archivist:***@127.0.0.1:1/declass');
    expect(message).not.toContain('s3cret-pass');
  });

  it('redacts passwords in URLs', () => {
    expect(redactUrl('postgresql://u:p%40ss@h:5432/db?sslmode=require')).toBe('postgresql://u:***@h:5432/db?sslmode=require');
    expect(redactUrl('postgres://h/db')).toBe('postgres://h/db');
  });
});
