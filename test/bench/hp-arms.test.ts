// The synth-images bench spells DP-HP's settings per arm, so that stored runs keep their meaning when
// the default changes: the variant-less arm is the earlier default, 'sum-only-random-classes' today's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hpArmOptions } from '../../bench/synth-images.js';
import { DEFAULT_HP_IMAGES, defaultCountNoiseFactor } from '../../src/synth/images/image-methods.js';
import { defaultClassDraw } from '../../src/synth/images/synthesize-images.js';

test('bench DP-HP arms: the earlier default and its one-change variants use sum and product kernels; the default arm equals the library default', () => {
  for (const variant of [undefined, 'unrounded', 'unbiased-mmd', 'paper-mnist', 'random-classes'] as const) {
    const o = hpArmOptions(variant);
    assert.equal(o.hp?.kernels, 'sum+product', String(variant));
    assert.equal(o.hp?.countNoiseFactor, 1, String(variant));
    assert.equal(o.classDraw, variant === 'random-classes' ? 'random' : 'balanced', String(variant));
  }
  assert.deepEqual(hpArmOptions('paper-mnist').hp, { kernels: 'sum+product', countNoiseFactor: 1, kernelVariance: 0.005, sumWeight: 20 });
  assert.deepEqual(hpArmOptions('sum-only'), { hp: { kernels: 'sum', countNoiseFactor: 5 }, classDraw: 'balanced' });
  const current = hpArmOptions('sum-only-random-classes');
  assert.equal(current.hp?.kernels, DEFAULT_HP_IMAGES.kernels);
  assert.equal(current.classDraw, defaultClassDraw('hp'));
  // Against the library's own resolution (not a literal), so a change of that default fails here.
  assert.equal(current.hp?.countNoiseFactor, DEFAULT_HP_IMAGES.countNoiseFactor ?? defaultCountNoiseFactor(DEFAULT_HP_IMAGES.kernels));
  assert.equal(hpArmOptions(undefined).hp?.countNoiseFactor, defaultCountNoiseFactor('sum+product'));
});
