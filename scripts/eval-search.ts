/**
 * Relevance of search, measured against real human indexing: the back-of-book
 * indexes of the FRUS TEI volumes (scripts/eval-search/index-topics.ts). Each
 * index heading (and heading + sub-heading) is a query; the documents on the
 * pages it cites are the relevant ones. The volumes are ingested with the real
 * pipeline into a temporary archive; each query is restricted to its volume.
 *
 * Reported side by side, on the same documents:
 *   reference   plain FTS5 (default tokenizer) BM25 over (title, body) per document, the heading's words OR-ed
 *   declass     the search service (searchDocuments) with the heading normalised into our query language
 * and, to separate engine from query wording, declass given the reference's plain OR query.
 *
 * Tuning volume: frus1918Russiav03 (weights were chosen on it only); the others are held out.
 *
 *   npm run eval:search [-- --verbose]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { createServices } from '../src/app/services.js';
import { loadConfig } from '../src/config/config.js';
import { ingestPaths } from '../src/ingest/ingest.usecases.js';
import { searchDocuments } from '../src/search/search.usecases.js';
import { createSqliteFtsProvider, DEFAULT_RANKING } from '../src/search/providers/sqlite-fts5.js';
import { DEFAULT_RERANK } from '../src/search/providers/sqlite-fts5.rerank.js';
import { indexTopics, type Topic } from './eval-search/index-topics.js';
import { headingQuery, plainWords } from './eval-search/heading-query.js';

const repoRoot = path.resolve(import.meta.dirname, '..');
// eslint-disable-next-line no-restricted-properties -- a dev script: the corpus location is its only setting.
const corpus = process.env.DECLASS_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
const TUNING = 'frus1918Russiav03';
const verbose = process.argv.includes('--verbose');

const volumes = ['frus-tei', 'frus-tei-more']
  .flatMap((d) =>
    fs
      .readdirSync(path.join(corpus, d))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => path.join(corpus, d, f)),
  )
  .filter((f) => fs.readFileSync(f, 'utf8').includes('xml:id="index"'))
  .sort();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'declass-eval-search-'));
const s = await createServices(loadConfig({ dataDir }));
const t0 = performance.now();
const summary = await ingestPaths(s.ingestDeps, { paths: volumes, collection: null, maxFileBytes: 1e10 });
console.error(
  `ingested ${summary.documents} documents from ${volumes.length} volumes in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

// The reference: plain FTS5 over the same documents, one row per document.
await sql`CREATE VIRTUAL TABLE ref_fts USING fts5(title, body)`.execute(s.db);
await sql`INSERT INTO ref_fts(rowid, title, body)
  SELECT sd.rowid, coalesce(d.title, ''), (SELECT group_concat(text, ' ') FROM (SELECT text FROM pages WHERE document_id = d.id ORDER BY page_no))
  FROM documents d JOIN search_docs sd ON sd.document_id = d.id`.execute(s.db);

async function reference(words: string[], slug: string): Promise<string[]> {
  if (words.length === 0) return [];
  const match = words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' OR ');
  const rows = await sql<{ id: string }>`
    SELECT d.id FROM ref_fts JOIN search_docs sd ON sd.rowid = ref_fts.rowid JOIN documents d ON d.id = sd.document_id
    JOIN collections c ON c.id = d.collection_id
    WHERE ref_fts MATCH ${match} AND c.slug = ${slug} ORDER BY bm25(ref_fts), sd.rowid LIMIT 100`.execute(s.db);
  return rows.rows.map((r) => r.id);
}

// Tuning knobs (defaults are the shipped ranking): --title-weight=N, --rerank=N (candidates re-ranked; 0: plain bm25).
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const ranking = { ...DEFAULT_RANKING, ...(arg('title-weight') ? { title: Number(arg('title-weight')) } : {}) };
const rerank = { ...DEFAULT_RERANK, ...(arg('rerank') ? { candidates: Number(arg('rerank')) } : {}) };
const only = arg('only');

// --database=postgres://… measures declass on PostgreSQL: the same volumes are ingested there too (document ids are
// the same on both engines); the reference stays plain SQLite FTS5.
const database = arg('database') ?? null;
const pg = database ? await createServices(loadConfig({ dataDir, database }), { authority: null }) : null;
if (pg) await ingestPaths(pg.ingestDeps, { paths: volumes, collection: null, maxFileBytes: 1e10 });
const engine = pg
  ? { search: pg.search, documents: pg.documents }
  : { search: createSqliteFtsProvider({ db: s.db, ranking, rerank }), documents: s.documents };
console.error(`declass measured on ${pg ? 'PostgreSQL' : 'SQLite FTS5'}`);

async function declass(query: string, slug: string): Promise<string[]> {
  if (!query) return [];
  const out = await searchDocuments(engine, { query: `${query} collection:${slug}`, limit: 100, facetLimit: 0 });
  return out.results.map((r) => r.id);
}

interface Scores {
  ndcg: number;
  mrr: number;
  recall: number;
}
function score(ranked: string[], relevant: Set<string>): Scores {
  let dcg = 0;
  let rr = 0;
  let found = 0;
  ranked.forEach((id, i) => {
    if (!relevant.has(id)) return;
    if (i < 10) dcg += 1 / Math.log2(i + 2);
    if (rr === 0) rr = 1 / (i + 1);
    found++;
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return { ndcg: dcg / ideal, mrr: rr, recall: found / relevant.size };
}

const systems = ['reference', 'declass (plain query)', 'declass'] as const;
type System = (typeof systems)[number];
const table: Record<string, string | number>[] = [];
const examples: string[] = [];

for (const file of volumes) {
  const slug = path.basename(file, '.xml');
  if (only && slug !== only) continue;
  const topics: Topic[] = indexTopics(fs.readFileSync(file, 'utf8'));
  const rows = await sql<{ label: string; id: string }>`
    SELECT DISTINCT p.label, p.document_id AS id FROM pages p JOIN documents d ON d.id = p.document_id
    JOIN collections c ON c.id = d.collection_id WHERE c.slug = ${slug} AND p.label IS NOT NULL`.execute(s.db);
  const docsOn = new Map<string, string[]>();
  for (const r of rows.rows) docsOn.set(r.label, [...(docsOn.get(r.label) ?? []), r.id]);
  const sums: Record<System, Scores> = Object.fromEntries(systems.map((x) => [x, { ndcg: 0, mrr: 0, recall: 0 }])) as Record<
    System,
    Scores
  >;
  let n = 0;
  for (const t of topics) {
    const relevant = new Set(t.pages.flatMap((p) => docsOn.get(p) ?? []));
    if (relevant.size === 0) continue;
    n++;
    const words = plainWords(t);
    const results: Record<System, string[]> = {
      reference: await reference(words, slug),
      'declass (plain query)': await declass(words.join(' OR '), slug),
      declass: await declass(headingQuery(t), slug),
    };
    for (const sys of systems) {
      const sc = score(results[sys], relevant);
      sums[sys].ndcg += sc.ndcg;
      sums[sys].mrr += sc.mrr;
      sums[sys].recall += sc.recall;
    }
    if (verbose && examples.length < 15 && score(results.declass, relevant).ndcg < score(results.reference, relevant).ndcg)
      examples.push(`${slug}: ${t.heading}${t.sub ? ` — ${t.sub}` : ''}\n    query: ${headingQuery(t)}`);
  }
  for (const sys of systems)
    table.push({
      volume: slug === TUNING ? `${slug} (tuning)` : `${slug} (held out)`,
      system: sys,
      topics: n,
      'nDCG@10': +(sums[sys].ndcg / n).toFixed(3),
      MRR: +(sums[sys].mrr / n).toFixed(3),
      'recall@100': +(sums[sys].recall / n).toFixed(3),
    });
}

// Held-out volumes pooled (macro-average over topics).
const held = table.filter((r) => String(r.volume).endsWith('(held out)'));
for (const sys of systems) {
  const mine = held.filter((r) => r.system === sys);
  const n = mine.reduce((a, r) => a + Number(r.topics), 0);
  const avg = (k: string) => +(mine.reduce((a, r) => a + Number(r[k]) * Number(r.topics), 0) / n).toFixed(3);
  table.push({
    volume: 'all held-out volumes',
    system: sys,
    topics: n,
    'nDCG@10': avg('nDCG@10'),
    MRR: avg('MRR'),
    'recall@100': avg('recall@100'),
  });
}
console.table(table);
for (const scope of [`${TUNING} (tuning)`, 'all held-out volumes']) {
  const ref = table.find((r) => r.volume === scope && r.system === 'reference')!;
  const ours = table.find((r) => r.volume === scope && r.system === 'declass')!;
  console.log(
    `${scope}: nDCG@10 ${ours['nDCG@10']} vs reference ${ref['nDCG@10']} (${((Number(ours['nDCG@10']) / Number(ref['nDCG@10']) - 1) * 100).toFixed(1)}%)`,
  );
}
if (verbose) console.log(`\nTopics where declass ranks worse than the reference (first ${examples.length}):\n${examples.join('\n')}`);
await s.close();
await pg?.close();
fs.rmSync(dataDir, { recursive: true, force: true });
