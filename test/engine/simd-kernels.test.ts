import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { randomValues, readyBackends, seeded, wasmVsCpu } from '../helpers/backends.js';

before(readyBackends);

test('max-pool gradients match the cpu backend (window 2 stride 1, 3 stride 2, same padding; 1–6 channels)', async () => {
  const rng = seeded(31);
  const cases: Array<[number[], number, number, 'valid' | 'same']> = [
    [[3, 13, 13, 16], 2, 1, 'valid'], [[2, 9, 7, 3], 3, 2, 'valid'], [[2, 8, 8, 5], 3, 2, 'same'], [[1, 5, 6, 1], 2, 2, 'same'], [[2, 6, 6, 6], 2, 1, 'valid'],
  ];
  for (const [shape, size, stride, pad] of cases) {
    const xv = randomValues(rng, tf.util.sizeFromShape(shape));
    const diff = await wasmVsCpu(() => {
      const x = tf.tensor(xv, shape);
      // Distinct weights per output, so each window's gradient is identifiable.
      const pooled = (a: tf.Tensor) => tf.maxPool(a as tf.Tensor4D, size, stride, pad);
      const outShape = pooled(x).shape;
      const weights = tf.reshape(tf.range(1, 1 + tf.util.sizeFromShape(outShape)), outShape);
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pooled(a), weights)))(x);
      return [g];
    });
    assert.ok(diff <= 1e-6, `${shape} pool ${size}/${stride} ${pad}: ${diff}`);
  }
});

test('the committed SIMD kernel module is what native/wasm/kernels.c builds to (when clang is installed)', (t) => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  if (spawnSync('clang', ['--version']).status !== 0 || spawnSync('wasm-ld', ['--version']).status !== 0) {
    t.skip('clang or wasm-ld not installed (apt-get install clang lld)');
    return;
  }
  const out = join(mkdtempSync(join(tmpdir(), 'privkit-wasm-')), 'kernels.ts');
  const r = spawnSync('sh', [join(root, 'native/wasm/build.sh'), out], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(out, 'utf8'), readFileSync(join(root, 'src/engine/kernels/simd-kernels-wasm.ts'), 'utf8'), 'run native/wasm/build.sh and commit the result');
});
