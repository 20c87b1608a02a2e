/**
 * Search at scale: `tsx bench/search.ts [--docs N]` (default 1,000,000). Prints one JSON line.
 *
 * The corpus recombines real text: paragraphs and headings from the FRUS TEI
 * volumes, persons and places from their lists, dates spread over 1917–1995,
 * types and classifications drawn with realistic frequencies. Documents are
 * FRUS length (1–3 pages of 2–4 paragraphs). It is written straight into an
 * archive (documents, pages, then the search provider's indexDocuments, in
 * transactions of 5,000 documents, with ingest's bulk-write settings) and cached in the OS temp folder keyed by N,
 * so reruns skip the build.
 *
 * Measures: build rate and index size; p50/p95/p99 latency of a fixed query mix
 * through the provider (with facets and snippets), beside raw FTS5 bm25() top-10
 * on the same index, and MiniSearch on a 100k-document subset (in memory).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import MiniSearch from 'minisearch';
import { withBulkWrites } from '../src/db/bulk-writes.js';
import { openSqliteDatabase, type Db } from '../src/db/database.js';
import { parseQuery } from '../src/search/query.js';
import { createSqliteFtsProvider } from '../src/search/providers/sqlite-fts5.js';
import { createSideReader } from '../src/search/providers/sqlite-fts5.side.js';
import { DEFAULT_MATCH_SETS } from '../src/search/providers/sqlite-fts5.sets.js';
import type { SearchDocument, SearchProvider } from '../src/search/search.types.js';
import { corpusDir, listFiles, peakRssMb, percentile } from './support.js';

const argDocs = process.argv.indexOf('--docs');
const N = argDocs !== -1 ? Number(process.argv[argDocs + 1]) : 1_000_000;
const BATCH = 5000;

/** A small deterministic PRNG so every build of N is the same corpus. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function harvest() {
  const paragraphs: string[] = [];
  const headings: string[] = [];
  const people = new Set<string>();
  const places = new Set<string>();
  const strip = (s: string) =>
    s
      .replace(/<[^>]+>/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  for (const f of [...listFiles(path.join(corpusDir, 'frus-tei'), '.xml'), ...listFiles(path.join(corpusDir, 'frus-tei-more'), '.xml')]) {
    const xml = fs.readFileSync(f, 'utf8');
    for (const m of xml.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/g)) {
      const t = strip(m[1]!);
      if (t.length > 80) paragraphs.push(t);
    }
    for (const m of xml.matchAll(/<head\b[^>]*>([\s\S]*?)<\/head>/g)) {
      const t = strip(m[1]!);
      if (t.length > 20 && t.length < 200) headings.push(t);
    }
    for (const m of xml.matchAll(/<persName\b[^>]*>([^<]{3,40})<\/persName>/g)) people.add(strip(m[1]!));
    for (const m of xml.matchAll(/<placeName\b[^>]*>([^<]{3,30})<\/placeName>/g)) places.add(strip(m[1]!));
  }
  return { paragraphs, headings, people: [...people], places: [...places] };
}

const TYPES: [string, number][] = [
  ['telegram', 45],
  ['memorandum', 20],
  ['letter', 12],
  ['memorandum_of_conversation', 10],
  ['report', 5],
  ['note', 4],
  ['minutes', 2],
  ['directive', 2],
];
const LEVELS: [string | null, number][] = [
  [null, 35],
  ['SECRET', 25],
  ['CONFIDENTIAL', 20],
  ['TOP SECRET', 8],
  ['UNCLASSIFIED', 7],
  ['LIMITED OFFICIAL USE', 5],
];
const CAVEATS = ['NODIS', 'EXDIS', 'LIMDIS', 'NOFORN', 'EYES ONLY'];
const EXEMPTIONS = ['(b)(1)', '(b)(3)', '(b)(6)', '1.4(c)', '1.4(d)', '25X1'];
const pickWeighted = <T>(r: () => number, items: [T, number][]): T => {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = r() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1]![0];
};

export function* generate(n: number, h: ReturnType<typeof harvest>): Generator<SearchDocument> {
  const r = rng(42);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const start = Date.UTC(1917, 0, 1);
  const span = Date.UTC(1995, 11, 31) - start;
  for (let i = 0; i < n; i++) {
    const pages: string[] = [];
    const pageCount = 1 + Math.floor(r() * r() * 3);
    for (let p = 0; p < pageCount; p++) pages.push(Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(h.paragraphs)).join('\n\n'));
    const day = new Date(start + Math.floor(r() * span)).toISOString().slice(0, 10);
    const level = pickWeighted(r, LEVELS);
    const facets: SearchDocument['facets'] = [
      { facet: 'type', value: pickWeighted(r, TYPES) },
      { facet: 'collection', value: `Bench volume ${i % 200}`, key: `bench-${i % 200}` },
    ];
    if (level) facets.push({ facet: 'classification', value: level });
    if (level && r() < 0.3) facets.push({ facet: 'caveat', value: pick(CAVEATS) });
    if (r() < 0.15) facets.push({ facet: 'exemption', value: pick(EXEMPTIONS) });
    for (let k = Math.floor(r() * 4); k > 0; k--) facets.push({ facet: 'person', value: pick(h.people) });
    for (let k = Math.floor(r() * 3); k > 0; k--) facets.push({ facet: 'place', value: pick(h.places) });
    facets.push({ facet: 'from', value: pick(h.people) }, { facet: 'to', value: pick(h.people) });
    yield { id: `bench-${i}`, title: pick(h.headings), pages, date: { start: day, end: day }, facets };
  }
}

export const QUERIES: { kind: string; q: string }[] = [
  { kind: 'rare word', q: 'Kolchak' },
  { kind: 'rare word', q: 'reparations' },
  { kind: 'common word', q: 'secret' },
  { kind: 'common phrase', q: '"secretary of state"' },
  { kind: 'phrase', q: '"most favored nation"' },
  { kind: 'words', q: 'railway japanese troops' },
  { kind: 'OR + exclusion', q: '(loan OR credit) -germany' },
  { kind: 'prefix', q: 'negotiat*' },
  { kind: 'proximity', q: 'NEAR(treaty ratification, 5)' },
  { kind: 'field filter', q: 'embassy type:telegram classification:secret' },
  { kind: 'date range', q: 'government date:1945..1950' },
  { kind: 'filters only', q: 'type:memorandum date:1962' },
  { kind: 'common + sort date', q: 'minister sort:-date' },
];

async function main() {
  const cacheDir = path.join(os.tmpdir(), 'declass-bench-search', String(N));
  const file = path.join(cacheDir, 'declass.sqlite');
  const marker = path.join(cacheDir, 'built.json');
  const h = harvest();
  let build: { seconds: number; docsPerSecond: number; pages: number } | null = fs.existsSync(marker)
    ? (JSON.parse(fs.readFileSync(marker, 'utf8')) as { seconds: number; docsPerSecond: number; pages: number })
    : null;
  if (!build) {
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const opened = await openSqliteDatabase(file);
    const db = opened.db;
    const provider = createSqliteFtsProvider({ db });
    const t0 = performance.now();
    const pages = await buildCorpus(db, provider, N, h, (done) =>
      process.stderr.write(`  built ${done} documents, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`),
    );
    await sql`INSERT INTO doc_fts(doc_fts) VALUES ('optimize')`.execute(db);
    await sql`ANALYZE`.execute(db);
    const seconds = (performance.now() - t0) / 1000;
    build = { seconds, docsPerSecond: N / seconds, pages };
    await opened.close();
    fs.writeFileSync(marker, JSON.stringify(build));
  }

  const reopened = await openSqliteDatabase(file);
  const db = reopened.db;
  // As `declass serve` runs it: with a side reader (sqlite-fts5.side.ts) unless DECLASS_BENCH_SIDE=0.
  const side = process.env.DECLASS_BENCH_SIDE === '0' ? null : createSideReader(file);
  const provider = createSqliteFtsProvider({ db, side });
  // The same engine keeping no match sets: every query pays for its text as a new one would.
  const fresh = createSqliteFtsProvider({ db, matchSets: { ...DEFAULT_MATCH_SETS, budgetBytes: 0 }, side });
  await provider.warmUp?.();
  while (side && !side.idle) await new Promise((r) => setTimeout(r, 10));
  const sizeMb = (fs.statSync(file).size + (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0)) / 1e6;
  const dbstat = await sql<{ name: string; mb: number }>`SELECT name, sum(pgsize) / 1e6 AS mb FROM dbstat GROUP BY name`
    .execute(db)
    .catch(() => ({ rows: [] as { name: string; mb: number }[] }));
  const indexMb = dbstat.rows.filter((r) => /fts|search_docs|facet/.test(r.name)).reduce((a, r) => a + r.mb, 0);
  // The reference's index: one contentless FTS5 table over title and body is exactly `doc_fts` (its shadow tables).
  // A default FTS5 table would also store the text (its content), which `pages` holds here.
  const rawFts5Mb = dbstat.rows.filter((r) => /^doc_fts_/.test(r.name)).reduce((a, r) => a + r.mb, 0);

  const runs = 5;
  // CPU per query beside wall time: on a shared machine the wall time grows with other work, the CPU hardly.
  let cpu: number[] = [];
  const lat = async (fn: () => Promise<unknown>) => {
    await fn(); // warm
    const out: number[] = [];
    cpu = [];
    for (let i = 0; i < runs; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      await fn();
      out.push(performance.now() - t);
      const d = process.cpuUsage(c);
      cpu.push((d.user + d.system) / 1000);
    }
    return out;
  };
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const ref: number[] = [];
  const newText: number[] = [];
  const perQuery: Record<string, { ours_ms: number; ours_cpu_ms: number; new_text_ms: number; fts5_ms: number; total: number }> = {};
  for (const { kind, q } of QUERIES) {
    const query = parseQuery(q);
    let total = 0;
    const request = {
      query,
      limit: 10,
      offset: 0,
      cursor: null,
      sort: query.sort ?? (query.text ? ('relevance' as const) : ('date_asc' as const)),
      facetLimit: 10,
    };
    const a = await lat(async () => {
      total = (await provider.search(request)).total;
    });
    ours.push(...a);
    const aCpu = cpu;
    oursCpu.push(...aCpu);
    const f = await lat(() => fresh.search(request));
    newText.push(...f);
    // Reference: raw FTS5 bm25() top-10 with the same MATCH text (filters ignored: the reference has none).
    const words = q.replace(/\b\w+:\S+/g, '').trim();
    const { compileText } = await import('../src/search/providers/sqlite-fts5.compile.js');
    const match = words ? compileText(parseQuery(words).text).match : null;
    const b = match
      ? await lat(() => sql`SELECT rowid, bm25(doc_fts) AS s FROM doc_fts WHERE doc_fts MATCH ${match} ORDER BY s LIMIT 10`.execute(db))
      : [];
    ref.push(...b);
    perQuery[`${kind}: ${q}`] = {
      ours_ms: +median(a).toFixed(1),
      ours_cpu_ms: +median(aCpu).toFixed(1),
      new_text_ms: +median(f).toFixed(1),
      fts5_ms: b.length ? Math.round(median(b)) : -1,
      total,
    };
  }
  // Deep pagination: page 1,000 (offset 10,000) and beyond, by offset and by cursor.
  const deep = parseQuery('government');
  const deepOffset = await lat(() =>
    provider.search({ query: deep, limit: 10, offset: 100_000, cursor: null, sort: 'relevance', facetLimit: 0 }),
  );

  // MiniSearch on a subset that fits in memory.
  const subset = Math.min(N, 100_000);
  const ms = new MiniSearch<{ id: string; title: string; body: string }>({ fields: ['title', 'body'], storeFields: [] });
  const tm = performance.now();
  for (const d of generate(subset, h)) ms.add({ id: d.id, title: d.title, body: d.pages.join('\n') });
  const msBuild = (performance.now() - tm) / 1000;
  const msLat: number[] = [];
  for (const { q } of QUERIES) {
    const words = q
      .replace(/\b\w+:\S+/g, '')
      .replace(/[()"*-]|NEAR|OR|, \d+/g, ' ')
      .trim();
    if (!words) continue;
    const opts = q.includes('OR') ? { combineWith: 'OR' as const } : { combineWith: 'AND' as const };
    msLat.push(...(await lat(() => Promise.resolve(ms.search(words, opts).slice(0, 10)))));
  }
  await side?.close();
  await reopened.close();
  const p = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return { p50: +percentile(s, 50).toFixed(1), p95: +percentile(s, 95).toFixed(1), p99: +percentile(s, 99).toFixed(1) };
  };
  process.stdout.write(
    JSON.stringify({
      docs: N,
      pages: build.pages,
      buildSeconds: build.seconds,
      docsPerSecond: build.docsPerSecond,
      dbMb: sizeMb,
      indexMb,
      rawFts5Mb,
      sideReader: side !== null,
      ours: p(ours),
      oursCpu: p(oursCpu),
      newText: p(newText),
      loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
      fts5: p(ref),
      deepOffsetMs: +median(deepOffset).toFixed(1),
      minisearch: { docs: subset, buildSeconds: msBuild, ...p(msLat) },
      perQuery,
      peakRssMb: peakRssMb(),
    }) + '\n',
  );
}

/**
 * Writes the generated corpus straight into an archive (documents, pages, then the provider's
 * indexDocuments, in transactions of 5,000 documents); returns the page count. Any engine.
 */
export async function buildCorpus(
  db: Db,
  provider: SearchProvider,
  n: number,
  h: ReturnType<typeof harvest>,
  progress: (done: number) => void = () => undefined,
): Promise<number> {
  // As `declass ingest` and `declass reindex` write (src/db/bulk-writes.ts).
  return withBulkWrites(db, () => writeCorpus(db, provider, n, h, progress));
}

async function writeCorpus(
  db: Db,
  provider: SearchProvider,
  n: number,
  h: ReturnType<typeof harvest>,
  progress: (done: number) => void,
): Promise<number> {
  await db
    .insertInto('files')
    .values({
      sha256: 'bench',
      media_type: 'application/tei+xml',
      format: 'tei',
      size: 0,
      original_name: 'bench.xml',
      original_path: '/bench/bench.xml',
      blob_key: 'bench',
      created_at: '2024-01-01T00:00:00Z',
    })
    .execute();
  let batch: SearchDocument[] = [];
  let pages = 0;
  const flush = async () => {
    const docs = batch;
    batch = [];
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < docs.length; i += 500) {
        const chunk = docs.slice(i, i + 500);
        await trx
          .insertInto('documents')
          .values(
            chunk.map((d, k) => ({
              id: d.id,
              file_id: 1,
              collection_id: null,
              seq: i + k,
              source_key: d.id,
              title: d.title,
              status: 'ready',
              page_count: d.pages.length,
              created_at: '2024-01-01T00:00:00Z',
              updated_at: '2024-01-01T00:00:00Z',
            })),
          )
          .execute();
        const rows = chunk.flatMap((d) =>
          d.pages.map((text, p) => ({ document_id: d.id, page_no: p + 1, label: String(p + 1), text, text_source: 'source' })),
        );
        for (let j = 0; j < rows.length; j += 300)
          await trx
            .insertInto('pages')
            .values(rows.slice(j, j + 300))
            .execute();
        pages += rows.length;
      }
      await provider.indexDocuments(trx, docs);
    });
  };
  let done = 0;
  for (const d of generate(n, h)) {
    batch.push(d);
    if (batch.length === BATCH) {
      await flush();
      done += BATCH;
      if (done % 100_000 === 0) progress(done);
    }
  }
  if (batch.length) await flush();
  return pages;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

// Run as a benchmark (not when imported for its corpus by bench/scale.ts).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
