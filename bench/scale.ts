/**
 * Scale-out benchmarks on PostgreSQL, one measurement per run (child of bench/run.ts), printing one JSON line:
 *   ocr <workers> [pages] — a generated scan (default 48 pages) ingested with --no-wait into a fresh PostgreSQL
 *     archive, then OCR'd by <workers> `declass worker --concurrency 1` processes sharing the queue: pages/s.
 *   search [--docs N] — the search bench's corpus and query mix (bench/search.ts) built into SQLite and into
 *     PostgreSQL (cached per N), latency of the same queries through each engine's provider.
 * The admin URL is DECLASS_BENCH_DATABASE_URL or DECLASS_TEST_DATABASE_URL (default: the local test server).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { openPostgresDatabase, openSqliteDatabase, type Db } from '../src/db/database.js';
import { parseQuery } from '../src/search/query.js';
import { createPostgresSearchProvider } from '../src/search/providers/postgres.js';
import { createSqliteFtsProvider } from '../src/search/providers/sqlite-fts5.js';
import type { SearchProvider } from '../src/search/search.types.js';
import { scannedPdf } from '../test/support/scans.js';
import { buildCorpus, harvest, QUERIES } from './search.js';
import { peakRssMb, percentile, repoRoot, tempDir } from './support.js';

const adminUrl =
  process.env.DECLASS_BENCH_DATABASE_URL ?? process.env.DECLASS_TEST_DATABASE_URL ?? 'postgres://declass:declass@127.0.0.1/declass_test';
const cli = path.join(repoRoot, '.bench', 'src', 'cli', 'main.js');

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const dbUrl = (name: string) => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};

async function ocr(workers: number, pageCount: number) {
  const name = `declass_bench_scale_${process.pid}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  try {
    const dataDir = tempDir('declass-bench-scale-');
    const env = { ...process.env, DECLASS_DATA: dataDir, DECLASS_DATABASE: dbUrl(name) };
    const pages = Array.from({ length: pageCount }, (_, i) => [
      `MEMORANDUM PAGE ${i + 1}`,
      'SUBJECT: Harbor dredging survey',
      `The survey of the northern channel continues on page ${i + 1}.`,
      'Soundings were taken at low water along the eastern bank',
      'and the results forwarded to the district engineer.',
    ]);
    const dir = tempDir('declass-bench-scan-');
    fs.writeFileSync(path.join(dir, 'scan.pdf'), scannedPdf(pages));
    const ingest = spawnSync(process.execPath, [cli, 'ingest', dir, '--no-wait', '--quiet'], { env, encoding: 'utf8' });
    if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
    const t0 = performance.now();
    await Promise.all(
      Array.from(
        { length: workers },
        () =>
          new Promise<void>((resolve, reject) => {
            const w = spawn(process.execPath, [cli, 'worker', '--concurrency', '1', '--until-idle'], { env, stdio: 'ignore' });
            w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
          }),
      ),
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    const { rows } = await admin(async () => {
      const c = new pg.Client({ connectionString: dbUrl(name) });
      await c.connect();
      try {
        return await c.query<{ done: number; first: string; last: string; ocr: number }>(
          `select (select count(*)::int from jobs where status = 'done') as done, min(started_at) as first, max(finished_at) as last,
                  (select count(*)::int from page_ocr) as ocr from jobs`,
        );
      } finally {
        await c.end();
      }
    });
    const r = rows[0]!;
    const queueSeconds = (Date.parse(r.last) - Date.parse(r.first)) / 1000;
    return {
      workers,
      pages: pageCount,
      done: r.done,
      ocrRows: r.ocr,
      wallSeconds,
      queueSeconds,
      pagesPerSecond: r.done / queueSeconds,
      cores: os.availableParallelism(),
    };
  } finally {
    await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

async function queryMix(db: Db, provider: SearchProvider) {
  const all: number[] = [];
  const perQuery: Record<string, number | string> = {};
  for (const { kind, q } of QUERIES) {
    const query = parseQuery(q);
    const run = () =>
      provider.search({
        query,
        limit: 10,
        offset: 0,
        cursor: null,
        sort: query.sort ?? (query.text ? 'relevance' : 'date_asc'),
        facetLimit: 10,
      });
    try {
      await run(); // warm
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      all.push(...times);
      perQuery[`${kind}: ${q}`] = Math.round(times.sort((a, b) => a - b)[2]!);
    } catch (err) {
      perQuery[`${kind}: ${q}`] = `error: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  const s = all.sort((a, b) => a - b);
  return { p50: +percentile(s, 50).toFixed(1), p95: +percentile(s, 95).toFixed(1), p99: +percentile(s, 99).toFixed(1), perQuery };
}

async function search(n: number) {
  const h = harvest();
  // SQLite: the search bench's own cache for N is reused when present; otherwise built here.
  const sqliteFile = path.join(os.tmpdir(), 'declass-bench-search', String(n), 'declass.sqlite');
  const sqliteMarker = path.join(path.dirname(sqliteFile), 'built.json');
  let sqliteBuild: number;
  if (!fs.existsSync(sqliteMarker)) {
    fs.rmSync(path.dirname(sqliteFile), { recursive: true, force: true });
    const o = await openSqliteDatabase(sqliteFile);
    const t0 = performance.now();
    const pages = await buildCorpus(o.db, createSqliteFtsProvider({ db: o.db }), n, h);
    await sql`INSERT INTO doc_fts(doc_fts) VALUES ('optimize')`.execute(o.db);
    await sql`ANALYZE`.execute(o.db);
    sqliteBuild = (performance.now() - t0) / 1000;
    await o.close();
    fs.writeFileSync(sqliteMarker, JSON.stringify({ seconds: sqliteBuild, docsPerSecond: n / sqliteBuild, pages }));
  } else sqliteBuild = (JSON.parse(fs.readFileSync(sqliteMarker, 'utf8')) as { seconds: number }).seconds;

  // PostgreSQL: a database per N, kept for reruns (`DROP DATABASE declass_bench_search_N` to rebuild).
  const name = `declass_bench_search_${n}`;
  const exists = await admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (!exists) await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const p = await openPostgresDatabase(dbUrl(name));
  const pgProvider = createPostgresSearchProvider({ db: p.db });
  let pgBuild: number;
  const marker = await sql<{ v: string }>`select v from bench_marker`.execute(p.db).catch(() => null);
  if (marker?.rows[0]) pgBuild = Number(marker.rows[0].v);
  else {
    const t0 = performance.now();
    await buildCorpus(p.db, pgProvider, n, h, (done) => process.stderr.write(`  postgres: built ${done} documents\n`));
    await sql`VACUUM ANALYZE`.execute(p.db);
    pgBuild = (performance.now() - t0) / 1000;
    await sql`create table bench_marker (v text)`.execute(p.db);
    await sql`insert into bench_marker values (${String(pgBuild)})`.execute(p.db);
  }
  const size = await sql<{ mb: number }>`select pg_database_size(current_database()) / 1e6 as mb`.execute(p.db);
  const pgLat = await queryMix(p.db, pgProvider);
  await p.close();

  const s = await openSqliteDatabase(sqliteFile);
  const sqliteLat = await queryMix(s.db, createSqliteFtsProvider({ db: s.db }));
  await s.close();
  return {
    docs: n,
    sqlite: { buildSeconds: sqliteBuild, dbMb: fs.statSync(sqliteFile).size / 1e6, ...sqliteLat },
    postgres: { buildSeconds: pgBuild, dbMb: Number(size.rows[0]?.mb ?? 0), ...pgLat },
    peakRssMb: peakRssMb(),
  };
}

const mode = process.argv[2];
if (mode === 'ocr') {
  const result = await ocr(Number(process.argv[3] ?? 1), Number(process.argv[4] ?? 48));
  console.log(JSON.stringify(result));
} else if (mode === 'search') {
  const i = process.argv.indexOf('--docs');
  console.log(JSON.stringify(await search(i !== -1 ? Number(process.argv[i + 1]) : 50_000)));
} else {
  console.error('usage: scale.js ocr <workers> [pages] | search [--docs N]');
  process.exit(1);
}
