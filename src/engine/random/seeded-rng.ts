// A small, fast, seedable generator (xoshiro128**) for everything that is NOT privacy noise:
// initialisation, shuffling, minibatch and generator sampling. `--seed` makes runs reproducible.
// Privacy noise never comes from here (see secure-gaussian.ts).

export interface Rng {
  /** Uniform 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A new independent generator derived from this one (for a sub-task). */
  fork(): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A generator from a numeric seed (any finite number; the same seed gives the same stream). */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`A seed must be a finite number, got ${seed}.`);
  const mix = splitmix32(Math.floor(seed) ^ Math.floor(seed / 2 ** 32));
  return fromState([mix(), mix(), mix(), mix()]);
}

function fromState(init: number[]): Rng {
  const s = Uint32Array.from(init);
  if (s[0]! === 0 && s[1]! === 0 && s[2]! === 0 && s[3]! === 0) s[0] = 1;
  let spare: number | null = null;
  const nextUint32 = (): number => {
    const r = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!; s[3]! ^= s[1]!; s[1]! ^= s[2]!; s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return r;
  };
  const uniform = (): number => ((nextUint32() >>> 5) * 67108864 + (nextUint32() >>> 6)) / 9007199254740992;
  const rng: Rng = {
    nextUint32,
    uniform,
    normal() {
      if (spare !== null) { const v = spare; spare = null; return v; }
      const [a, b] = boxMuller(uniform, uniform);
      spare = b;
      return a;
    },
    int(n: number) {
      if (!(n >= 1)) throw new Error(`int(n) needs n >= 1, got ${n}.`);
      return Math.floor(uniform() * n);
    },
    fork() {
      return fromState([nextUint32(), nextUint32(), nextUint32(), nextUint32()]);
    },
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Two independent standard normals from two uniforms in [0, 1). */
export function boxMuller(u1: () => number, u2: () => number): [number, number] {
  const r = Math.sqrt(-2 * Math.log(1 - u1())); // 1 - u ∈ (0, 1]: never log(0)
  const theta = 2 * Math.PI * u2();
  return [r * Math.cos(theta), r * Math.sin(theta)];
}

/** Fisher–Yates shuffle in place. */
export function shuffleInPlace<T>(items: T[] | Int32Array | Uint32Array, rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
}

/** Fills `out` with N(0, std²) draws from a seeded generator (initialisation, not privacy noise). */
export function fillNormal(out: Float32Array | Float64Array, rng: Rng, std = 1): void {
  for (let i = 0; i < out.length; i++) out[i] = rng.normal() * std;
}
