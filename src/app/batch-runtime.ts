import v8 from 'node:v8';

let tuned = false;

/**
 * Tunes V8 for a batch command (`declass ingest`), for the whole process (flags are per process, so long-running
 * servers do not call this):
 *
 * - its optimising compiler inlines less, and waits for four times the usual run time before optimising a function,
 *   so that less is compiled, faster. Ingest is a few seconds to minutes of the same code on every document; V8's
 *   background compiles of the big storage and extraction functions (each with dozens of callees inlined) had cost
 *   a third of the CPU of a 6-volume run. Measured (`npm run bench -- ingest`, 3 paired runs each): less inlining
 *   8–10% less CPU per document, twice the budget another ~8%, four times another ~4% (0.05 ms less of background
 *   compiling per document, 0.01–0.02 ms more in the parser before its code is optimised; 6+ paired runs, and
 *   eight times saved no more: the parser, the slower thread, waited longer still); the same CPU per document on a
 *   long batch;
 * - after a full collection a heap may grow to 1.5× what survived, not V8's adaptive factor (up to 4× on small
 *   heaps). Storage and the parser make garbage fast and keep little: on the 48-volume batch, peak RSS 296–342 MB
 *   became 283–289 MB at the same CPU per document.
 */
export function tuneForBatch(): void {
  if (tuned) return;
  tuned = true;
  v8.setFlagsFromString('--max-inlined-bytecode-size-cumulative=300');
  v8.setFlagsFromString('--interrupt-budget=270336');
  v8.setFlagsFromString('--heap-growing-percent=50');
}
