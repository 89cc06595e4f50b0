// Worker side of the noise prefetcher (noise-prefetch.ts): fills shared slots with standard
// normals from the secure sampler, one slot at a time, whenever the main thread empties one.
import { workerData } from 'node:worker_threads';
import { fillSecureGaussian } from './secure-gaussian.js';
import { EMPTY, FULL, STOP, type PrefetchShared } from './noise-protocol.js';

const { states, slots } = workerData as PrefetchShared;
const state = new Int32Array(states);
const views = slots.map((s) => new Float32Array(s));

for (;;) {
  for (let k = 0; k < views.length; k++) {
    while (Atomics.load(state, k) !== EMPTY) {
      if (Atomics.load(state, k) === STOP) process.exit(0);
      Atomics.wait(state, k, FULL);
    }
    fillSecureGaussian(views[k]!, 1);
    Atomics.store(state, k, FULL);
    Atomics.notify(state, k);
  }
}
