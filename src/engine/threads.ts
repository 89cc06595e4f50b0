// Multi-threaded tfjs-wasm in Node. tfjs ships the threaded SIMD binary but never uses it in Node:
// its pthread workers are passed as Blob URLs, which worker_threads cannot load, and the thread
// count is capped at cores / 2. For the duration of the backend's start we (1) make Blob write its
// text to a temporary .js file and createObjectURL return that path, with a prefix that defines
// the bundler-renamed modules the worker code refers to and the same path mapping inside the
// worker; (2) report twice the cores so the cap lets `count` threads through. Workers are unref'd
// so they never keep the process alive.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

const WORKER_PREFIX =
  "var require$$0=require('fs'),require$$1=require('path'),require$$3=require('perf_hooks'),require$$4=require('os'),commonjsGlobal=globalThis;" +
  'URL.createObjectURL=(b)=>b.path;\n';

interface NodeWorker { unref(): void }
interface PThreadPool { unusedWorkers?: NodeWorker[]; runningWorkers?: NodeWorker[]; getNewWorker?: () => NodeWorker }

/** Starts the wasm backend with `count` threads (Node only). Returns the thread count obtained. */
export async function startThreadedWasm(count: number): Promise<number> {
  const dir = mkdtempSync(join(os.tmpdir(), 'privkit-wasm-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const realBlob = globalThis.Blob, realCreate = URL.createObjectURL, realCpus = os.cpus;
  let n = 0;
  class FileBlob {
    readonly path: string;
    constructor(parts: string[]) {
      this.path = join(dir, `part${n++}.js`);
      writeFileSync(this.path, WORKER_PREFIX + parts.join(''));
    }
  }
  try {
    (globalThis as { Blob: unknown }).Blob = FileBlob;
    URL.createObjectURL = ((b: FileBlob) => b.path) as unknown as typeof URL.createObjectURL;
    os.cpus = () => [...realCpus(), ...realCpus()];
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
    setThreadsCount(count);
    if (!(await tf.setBackend('wasm'))) throw new Error('The threaded tfjs wasm backend failed to start.');
    await tf.ready();
  } finally {
    globalThis.Blob = realBlob;
    URL.createObjectURL = realCreate;
    os.cpus = realCpus;
  }
  unrefWorkers((tf.backend() as unknown as { wasm: { PThread?: PThreadPool } }).wasm.PThread);
  return getThreadsCount();
}

function unrefWorkers(pool: PThreadPool | undefined): void {
  if (!pool) return;
  for (const w of [...(pool.unusedWorkers ?? []), ...(pool.runningWorkers ?? [])]) w.unref();
  const getNewWorker = pool.getNewWorker?.bind(pool);
  if (getNewWorker) pool.getNewWorker = () => { const w = getNewWorker(); w.unref(); return w; };
}
