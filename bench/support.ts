import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The checkout's root (benchmarks run compiled, from .bench/bench/). */
function findRoot(dir: string): string {
  return fs.existsSync(path.join(dir, 'package.json')) || path.dirname(dir) === dir ? dir : findRoot(path.dirname(dir));
}
export const repoRoot = findRoot(import.meta.dirname);
export const corpusDir = path.resolve(process.env.DECLASS_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus'));

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function listFiles(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, ext));
    else if (e.name.toLowerCase().endsWith(ext)) out.push(p);
  }
  return out.sort();
}

/** Peak resident set size of this process so far, in MB. */
export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Sums a per-process figure over a process and all its live descendants, read from /proc/PID/stat (Linux; 0
 * elsewhere). `field` gets the stat fields after the command name (which may hold spaces): state(0) ppid(1) …
 */
function sumOverTree(root: number, includeRoot: boolean, field: (f: string[]) => number): number {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  const children = new Map<number, number[]>();
  const value = new Map<number, number>();
  for (const e of entries) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pid = Number(e);
    value.set(pid, field(f));
    children.set(Number(f[1]), [...(children.get(Number(f[1])) ?? []), pid]);
  }
  let total = includeRoot ? (value.get(root) ?? 0) : 0;
  const stack = [...(children.get(root) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    total += value.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Resident set size of a process and all its descendants, in bytes (rss is field 21, in 4 KiB pages). */
export const treeRssBytes = (root: number, includeRoot = true): number => sumOverTree(root, includeRoot, (f) => Number(f[21]) * 4096);

/**
 * CPU seconds so far of a process tree (user + system of `root` and of its live descendants; utime(11) and
 * stime(12), in ticks of 1/100 s). Read before and after a load phase, the difference divided by the requests
 * served is the server's CPU per request: unlike latency, it does not grow when other work shares the machine.
 */
export const treeCpuSeconds = (root: number): number => sumOverTree(root, true, (f) => (Number(f[11]) + Number(f[12])) / 100);

/** Samples the RSS of a process tree every `everyMs` until stopped; `stop()` gives the peak in MB. */
export function sampleTreeRss(root: number, opts: { includeRoot?: boolean; everyMs?: number } = {}): { stop(): number } {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, treeRssBytes(root, opts.includeRoot ?? true));
  };
  sample();
  const timer = setInterval(sample, opts.everyMs ?? 200);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak / (1024 * 1024);
    },
  };
}

/**
 * CPU seconds used so far by this process and by its waited-for children (and theirs), from /proc/self/stat
 * (utime, stime, cutime, cstime at 100 ticks a second). Unlike wall time, it does not grow when other work
 * shares the machine.
 */
export function cpuSeconds(): { self: number; children: number } {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    return { self: ((f[11] ?? 0) + (f[12] ?? 0)) / 100, children: ((f[13] ?? 0) + (f[14] ?? 0)) / 100 };
  } catch {
    const u = process.resourceUsage();
    return { self: (u.userCPUTime + u.systemCPUTime) / 1e6, children: 0 };
  }
}

/** CPU seconds so far of each thread of this process, by thread id (Linux /proc/self/task; empty elsewhere). */
export function threadCpuSeconds(): Map<number, number> {
  const out = new Map<number, number>();
  let tasks: string[];
  try {
    tasks = fs.readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const t of tasks) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(t), (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * CPU per thread between two `threadCpuSeconds()` readings, split as the ingest pipeline uses them: the main
 * thread (storage), the busiest other thread (the parser worker), and the rest (V8's garbage collector and
 * compiler threads, libuv). Robust to other work on the machine, unlike wall time.
 */
export function cpuSplit(before: Map<number, number>, after: Map<number, number>): { main: number; worker: number; background: number } {
  const used = [...after].map(([t, s]) => ({ t, s: s - (before.get(t) ?? 0) }));
  const main = used.find((u) => u.t === process.pid)?.s ?? 0;
  const others = used.filter((u) => u.t !== process.pid).sort((a, b) => b.s - a.s);
  const worker = others[0]?.s ?? 0;
  const background = others.slice(1).reduce((a, u) => a + u.s, 0);
  return { main, worker, background };
}
