import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  erf,
  erfc,
  lgamma,
  logAdd,
  logBinomial,
  logErfc,
  logNormalCdf,
  logSub,
  logSumExp,
  normalCdf,
} from '../../src/privacy/index.js';
import { assertClose, loadFixture } from './fixtures.js';

interface Reference {
  logNormalCdf: [number, number][];
  logErfc: [number, number][];
  lgamma: [number, number][];
  logAbsBinomial: [number, number, number][];
}
const ref = loadFixture<Reference>('mpmath-reference.json');

describe('log-space arithmetic', () => {
  it('logAdd / logSub are stable and treat −∞ as zero', () => {
    assert.equal(logAdd(-Infinity, 3), 3);
    assert.equal(logAdd(1000, 1000), 1000 + Math.LN2);
    assertClose(logAdd(Math.log(2), Math.log(3)), Math.log(5), { rel: 1e-15 }, 'log(2+3)');
    assert.equal(logSub(5, -Infinity), 5);
    assert.equal(logSub(2, 2), -Infinity);
    assert.ok(Number.isNaN(logSub(1, 2)));
    assertClose(logSub(Math.log(5), Math.log(3)), Math.log(2), { rel: 1e-15 }, 'log(5−3)');
    // Result near 0 keeps absolute accuracy (the reason for x + log1p(−e^{y−x})).
    assertClose(logSub(1e-10, -23.5), 3.7758553775209313e-11, { rel: 1e-14 }, 'near zero (mpmath)');
    assertClose(logSumExp([0, 0, 0, 0]), Math.log(4), { rel: 1e-15 }, 'logSumExp');
  });
});

describe('special functions vs mpmath (60 digits)', () => {
  it('log Φ is accurate to 2e-13 relative from x = −1000 to 30', () => {
    for (const [x, expected] of ref.logNormalCdf) {
      assertClose(logNormalCdf(x), expected, { rel: 2e-13 }, `logΦ(${x})`);
    }
  });

  it('log erfc is accurate to 1e-13 relative, including the far tail', () => {
    for (const [x, expected] of ref.logErfc) assertClose(logErfc(x), expected, { rel: 1e-13 }, `log erfc(${x})`);
  });

  it('erf, erfc and Φ agree with their logs and symmetries', () => {
    for (const x of [-3, -0.5, 0, 0.3, 1.25, 2, 4]) {
      assertClose(erf(x) + erfc(x), 1, { abs: 2e-16 }, `erf+erfc at ${x}`);
      assertClose(erf(-x), -erf(x), { abs: 0 }, `erf odd at ${x}`);
      assertClose(Math.log(normalCdf(x)), logNormalCdf(x), { abs: 1e-15 }, `Φ at ${x}`);
    }
  });

  it('lgamma has absolute error ≤ 1e-13 (relative 1e-15 for large arguments)', () => {
    for (const [x, expected] of ref.lgamma) {
      assertClose(lgamma(x), expected, { abs: 1e-13, rel: 1e-15 }, `lgamma(${x})`);
    }
    assert.equal(lgamma(0), Infinity);
    assert.equal(lgamma(-3), Infinity);
  });

  it('logBinomial gives |C(a,k)| and its sign for real a', () => {
    for (const [a, k, expected] of ref.logAbsBinomial) {
      assertClose(logBinomial(a, k).logAbs, expected, { abs: 1e-12, rel: 1e-14 }, `log|C(${a},${k})|`);
    }
    assert.equal(logBinomial(1.1, 2).sign, 1); // 1.1·0.1/2
    assert.equal(logBinomial(1.1, 3).sign, -1); // ·(−0.9)
    assert.equal(logBinomial(1.1, 4).sign, 1);
    assert.equal(logBinomial(5, 6).sign, 0); // C(5, 6) = 0
    assert.equal(logBinomial(5, 2).sign, 1);
    assertClose(Math.exp(logBinomial(5, 2).logAbs), 10, { rel: 1e-14 }, 'C(5,2)');
  });
});
