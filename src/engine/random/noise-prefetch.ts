// DP-SGD draws one Gaussian per updated parameter per step (~20 ms for 670k parameters, as much as
// the rest of a small model's step). The draws do not depend on the data, so in Node a worker
// thread draws the next step's noise while the current step computes: `take` then only copies.
// Falls back to drawing in place in browsers, while noise is seeded for testing (reproducibility),
// or when the request size changes.
import { fillSecureGaussian, privacyNoiseIsSeeded } from './secure-gaussian.js';
import { EMPTY, FULL, STOP, type PrefetchShared } from './noise-protocol.js';

export interface NoiseSource {
  /** `count` independent N(0, std²) draws from the secure source. */
  take(count: number, std: number): Float32Array;
  /** Stops the worker (if any). */
  close(): void;
}

interface Prefetcher { count: number; state: Int32Array; slots: Float32Array[]; next: number; alive: boolean; stop(): void }

/** How long `take` waits for the worker before drawing in place (a worker that died never fills). */
const WORKER_TIMEOUT_MS = 10_000;

interface WorkerLike { unref(): void; terminate(): Promise<number> }
type WorkerConstructor = new (url: URL, options: { workerData: unknown }) => WorkerLike;

let WorkerClass: WorkerConstructor | null = null;

/** Called once by initEngine in Node (worker_threads cannot be imported statically in browsers). */
export function enableNoiseWorkers(worker: WorkerConstructor): void {
  WorkerClass = worker;
}

function startPrefetcher(Worker: WorkerConstructor, count: number): Prefetcher {
  const shared: PrefetchShared = { states: new SharedArrayBuffer(8), slots: [new SharedArrayBuffer(count * 4), new SharedArrayBuffer(count * 4)] };
  const worker = new Worker(new URL('./noise-worker.js', import.meta.url), { workerData: shared });
  worker.unref(); // never keeps the process alive
  const state = new Int32Array(shared.states);
  return {
    count, state, slots: shared.slots.map((s) => new Float32Array(s)), next: 0, alive: true,
    stop() {
      this.alive = false;
      for (let k = 0; k < 2; k++) { Atomics.store(state, k, STOP); Atomics.notify(state, k); }
      void worker.terminate();
    },
  };
}

/**
 * A noise source for repeated requests of `count` draws (a training run): a worker prepares the
 * next request while the caller works. Requests of other sizes are drawn in place.
 */
export function prefetchedNoise(count: number): NoiseSource {
  const prefetcher = WorkerClass && typeof SharedArrayBuffer !== 'undefined' && count > 0 ? startPrefetcher(WorkerClass, count) : null;
  return {
    take(n, std) {
      const out = new Float32Array(n);
      if (!prefetcher || !prefetcher.alive || n !== prefetcher.count || privacyNoiseIsSeeded()) {
        fillSecureGaussian(out, std);
        return out;
      }
      const k = prefetcher.next;
      const deadline = performance.now() + WORKER_TIMEOUT_MS;
      while (Atomics.load(prefetcher.state, k) !== FULL) {
        const left = deadline - performance.now();
        if (left <= 0 || Atomics.load(prefetcher.state, k) === STOP) {
          prefetcher.stop(); // the worker failed or was stopped: draw in place from now on
          fillSecureGaussian(out, std);
          return out;
        }
        Atomics.wait(prefetcher.state, k, EMPTY, left);
      }
      const slot = prefetcher.slots[k]!;
      for (let i = 0; i < n; i++) out[i] = slot[i]! * std;
      Atomics.store(prefetcher.state, k, EMPTY); // each draw is used once: the worker refills it
      Atomics.notify(prefetcher.state, k);
      prefetcher.next = 1 - k;
      return out;
    },
    close() { prefetcher?.stop(); },
  };
}
