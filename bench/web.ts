/**
 * `npm run bench -- web [--docs N]`: an archive of at least N documents (default 100,000: distinct copies of the
 * FRUS TEI volumes, ingested through the real pipeline, cached under the OS temp folder by N) served by
 * `declass serve` in a child process; 20 concurrent clients in this process load the home, search and document
 * pages in turn. Prints one JSON line with requests/s and p50/p95 latency per page type, and the CPU per request
 * of the server (its process tree) and of the load generator (this process). On a shared machine latency moves with
 * other work; CPU per request does not, and the server's bounds what one core can serve (1000 / cpu ms req/s).
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../src/app/services.js';
import { loadConfig } from '../src/config/config.js';
import { ingestPaths } from '../src/ingest/ingest.usecases.js';
import { corpusDir, cpuSeconds, listFiles, percentile, repoRoot, treeCpuSeconds } from './support.js';

const CLIENTS = 20;
/**
 * HTTP processes of `declass serve --processes N` (DECLASS_BENCH_WEB_PROCESSES; default one per core, at most 2 —
 * the load generator needs the rest). With search at ~5 ms of CPU a request, one process queues 20 clients.
 */
const PROCESSES = Number(process.env.DECLASS_BENCH_WEB_PROCESSES ?? Math.min(2, os.availableParallelism()));
const SEARCH_CACHE = process.env.DECLASS_SEARCH_CACHE ?? '0';
const SECONDS = Number(process.env.DECLASS_BENCH_WEB_SECONDS ?? 8);
const QUERIES = [
  'credit',
  'Petrograd',
  '"secretary of state"',
  'loan Russia',
  'treaty',
  'minister',
  'railway',
  'type:telegram',
  'date:1930..1934 conference',
  'embargo',
];

async function buildArchive(docs: number): Promise<string> {
  const dataDir = path.join(os.tmpdir(), `declass-bench-web-${docs}`);
  if (fs.existsSync(path.join(dataDir, 'ready'))) return dataDir;
  fs.rmSync(dataDir, { recursive: true, force: true });
  const volumes = [...listFiles(path.join(corpusDir, 'frus-tei'), '.xml'), ...listFiles(path.join(corpusDir, 'frus-tei-more'), '.xml')];
  const perCopy = 3219;
  const copies = Math.ceil(docs / perCopy);
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'declass-bench-web-src-'));
  for (let i = 0; i < copies; i++)
    for (const v of volumes)
      fs.writeFileSync(
        path.join(src, `${i}-${path.basename(v)}`),
        Buffer.concat([fs.readFileSync(v), Buffer.from(`\n<!-- copy ${i} -->\n`)]),
      );
  const services = await createServices(loadConfig({ dataDir }));
  await services.warmUp();
  const summary = await ingestPaths(services.ingestDeps, { paths: [src], collection: null, maxFileBytes: 1e10 });
  await services.close();
  fs.rmSync(src, { recursive: true, force: true });
  if (summary.failed > 0) throw new Error(`bench web: ${summary.failed} files failed to ingest`);
  fs.writeFileSync(path.join(dataDir, 'ready'), String(summary.documents));
  return dataDir;
}

/**
 * Queries no client has sent before: one word (60%), two words (30%) or a two-word phrase (10%), drawn (seeded) from
 * the content words of pages spread over the archive — what a stream of different readers types, which no cache has
 * seen. Function words ("which", "that") are left out: readers search for names and subjects.
 */
function freshQueries(dataDir: string, n: number): string[] {
  const db = new Database(path.join(dataDir, 'declass.sqlite'), { readonly: true });
  const texts = db.prepare('SELECT text FROM pages WHERE id % 211 = 0 LIMIT 400').pluck().all() as string[];
  db.close();
  const pages = texts
    .map((t) => (t.match(/\p{L}{4,}/gu) ?? []).filter((w) => !FUNCTION_WORDS.has(w.toLowerCase())))
    .filter((w) => w.length > 1);
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const seen = new Set<string>();
  for (let tries = 0; seen.size < n && tries < n * 20; tries++) {
    const words = pages[Math.floor(rand() * pages.length)]!;
    const i = Math.floor(rand() * (words.length - 1));
    const r = rand();
    const q = r < 0.6 ? words[i]! : r < 0.9 ? `${words[i]} ${words[Math.floor(rand() * words.length)]}` : `"${words[i]} ${words[i + 1]}"`;
    seen.add(q.toLowerCase());
  }
  return [...seen];
}

const FUNCTION_WORDS = new Set(
  (
    'that with which this from have been will would should shall there their they them were what when where being your ' +
    'upon into such these those than then also only other some more most very much made make said about after before ' +
    'under over through between while could might must does done each here hers himself itself just like many same ' +
    'since still though thus unless until whether whom whose within without yours ours theirs either neither both'
  ).split(' '),
);

async function documentIds(base: string, n: number): Promise<string[]> {
  const res = await fetch(`${base}/api/search?q=${encodeURIComponent('the')}&limit=100`);
  const body = (await res.json()) as { results: { id: string }[] };
  return body.results.slice(0, n).map((r) => r.id);
}

interface LoadResult {
  rps: number;
  p50: number;
  p95: number;
  errors: number;
  /** CPU ms per request of the server's processes and of this load generator. */
  serverCpuMs: number;
  clientCpuMs: number;
}

async function load(server: number, urls: () => string): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const server0 = treeCpuSeconds(server);
  const client0 = cpuSeconds().self;
  const end = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const res = await fetch(urls());
        await res.arrayBuffer();
        if (!res.ok) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  const n = Math.max(1, latencies.length);
  const serverCpuMs = ((treeCpuSeconds(server) - server0) * 1000) / n;
  const clientCpuMs = ((cpuSeconds().self - client0) * 1000) / n;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / SECONDS,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    errors,
    serverCpuMs,
    clientCpuMs,
  };
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--docs');
  const docs = i !== -1 ? Number(process.argv[i + 1]) : 100_000;
  const t0 = performance.now();
  const dataDir = await buildArchive(docs);
  const buildSeconds = (performance.now() - t0) / 1000;
  const port = 30000 + Math.floor(Math.random() * 20000);
  const server = spawn(
    process.execPath,
    [path.join(repoRoot, 'dist', 'cli', 'main.js'), '--data', dataDir, 'serve', '--port', String(port), '--processes', String(PROCESSES)],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      // The result cache is off unless DECLASS_SEARCH_CACHE says otherwise: the targets are judged uncached.
      env: { ...process.env, DECLASS_WORKERS: '1', DECLASS_SEARCH_CACHE: SEARCH_CACHE },
    },
  );
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let k = 0; k < 200; k++) {
      try {
        if ((await fetch(`${base}/healthz`)).ok) break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const ids = await documentIds(base, 100);
    let n = 0;
    const pid = server.pid ?? 0;
    const home = await load(pid, () => `${base}/`);
    const search = await load(pid, () => `${base}/search?q=${encodeURIComponent(QUERIES[n++ % QUERIES.length]!)}`);
    const fresh = freshQueries(dataDir, 6000);
    let f = 0;
    const searchNew = await load(pid, () => `${base}/search?q=${encodeURIComponent(fresh[f++ % fresh.length]!)}`);
    const document = await load(pid, () => `${base}/documents/${encodeURIComponent(ids[n++ % ids.length]!)}`);
    const archived = Number(fs.readFileSync(path.join(dataDir, 'ready'), 'utf8'));
    process.stdout.write(
      JSON.stringify({
        docs: archived,
        buildSeconds,
        clients: CLIENTS,
        processes: PROCESSES,
        searchCache: Number(SEARCH_CACHE),
        seconds: SECONDS,
        loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
        home,
        search,
        searchNew: { ...searchNew, distinctQueries: fresh.length, repeated: f > fresh.length },
        document,
      }) + '\n',
    );
  } finally {
    server.kill('SIGTERM');
  }
}

await main();
