// tfjs-core ships its gradient definitions only as extension-less ESM files that Node cannot load,
// and its bundles leave them out (the @tensorflow/tfjs umbrella package bundles them itself).
// We do the same: bundle `register_all_gradients` once at build time. The bundle carries private
// copies of the ops the gradients use; they work because tfjs keeps its engine, kernel registry
// and Tensor class in global singletons shared with the real @tensorflow/tfjs-core.
import { build } from 'esbuild';

await build({
  entryPoints: ['node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js'],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  outfile: 'dist/src/engine/vendor/tfjs-gradients.js',
  external: ['@tensorflow/tfjs-core', 'long', 'seedrandom', 'crypto', 'node-fetch'],
  logLevel: 'warning',
  legalComments: 'none',
});
