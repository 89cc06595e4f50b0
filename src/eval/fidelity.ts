// Statistical fidelity of a synthetic table to a real one: per-column marginal distances (total
// variation for categoricals, two-sample Kolmogorov–Smirnov statistic for numerics) and the mean
// absolute difference of pairwise associations (Pearson r for numeric–numeric, Cramér's V for
// categorical–categorical, correlation ratio η for numeric–categorical). Plain arrays in, numbers
// out; independent of the data layer's table types.
import { ensure } from '../errors.js';

export type FidelityColumn =
  /** NaN marks a missing value. */
  | { readonly name: string; readonly kind: 'numeric'; readonly values: Float64Array }
  /** Category codes 0..K-1, −1 marks a missing value; `categories` (optional) names the codes. */
  | { readonly name: string; readonly kind: 'categorical'; readonly values: Int32Array; readonly categories?: readonly string[] };

export interface ColumnFidelity {
  name: string;
  kind: 'numeric' | 'categorical';
  /** 'tv': total variation over categories, missing counted as one more category;
   * 'ks': KS statistic over the non-missing values (NaN when a side has none). */
  statistic: 'tv' | 'ks';
  distance: number;
  missingReal: number;
  missingSynthetic: number;
}

export interface PairFidelity {
  a: string;
  b: string;
  measure: 'pearson' | 'cramersV' | 'eta';
  real: number;
  synthetic: number;
  absDiff: number;
}

export interface FidelityReport {
  columns: ColumnFidelity[];
  /** Mean of the column distances (skipping NaN). */
  meanMarginal: number;
  pairs: PairFidelity[];
  /** Mean |real − synthetic| association over the pairs (NaN with fewer than two columns). */
  meanAssociationDiff: number;
}

export interface FidelityOptions {
  /** Compute pairwise associations (default true; O(columns² · rows)). */
  pairs?: boolean;
}

/** Compares tables column by column (matched by name; the synthetic table may order them freely). */
export function compareTables(real: readonly FidelityColumn[], synthetic: readonly FidelityColumn[], options: FidelityOptions = {}): FidelityReport {
  ensure(real.length > 0, 'The real table has no columns to compare.');
  const byName = new Map(synthetic.map((c) => [c.name, c] as const));
  const pairsOf: [FidelityColumn, FidelityColumn][] = real.map((r) => {
    const s = byName.get(r.name);
    ensure(s !== undefined, `The synthetic table has no column "${r.name}".`);
    ensure(s.kind === r.kind, `Column "${r.name}" is ${r.kind} in the real table but ${s.kind} in the synthetic one.`);
    return [r, s];
  });
  for (const table of [real, synthetic]) {
    const n = table[0]?.values.length ?? 0;
    for (const c of table) ensure(c.values.length === n, `Column "${c.name}" has ${c.values.length} rows, expected ${n} like the table's first column.`);
  }

  const columns: ColumnFidelity[] = pairsOf.map(([r, s]) => {
    if (r.kind === 'categorical' && s.kind === 'categorical') {
      const k = categoryCount(r, s);
      return { name: r.name, kind: r.kind, statistic: 'tv', distance: totalVariation(r.values, s.values, k), missingReal: missingShare(r), missingSynthetic: missingShare(s) };
    }
    return { name: r.name, kind: r.kind, statistic: 'ks', distance: ksStatistic(r.values as Float64Array, s.values as Float64Array), missingReal: missingShare(r), missingSynthetic: missingShare(s) };
  });

  const pairs: PairFidelity[] = [];
  if (options.pairs !== false) {
    for (let i = 0; i < pairsOf.length; i++) {
      for (let j = i + 1; j < pairsOf.length; j++) {
        const [ri, si] = pairsOf[i]!, [rj, sj] = pairsOf[j]!;
        const measure = ri.kind === 'numeric' && rj.kind === 'numeric' ? 'pearson' : ri.kind === 'categorical' && rj.kind === 'categorical' ? 'cramersV' : 'eta';
        const k = (a: FidelityColumn, b: FidelityColumn): number => (a.kind === 'categorical' ? categoryCount(a, b) : 0);
        const realValue = association(ri, rj, k(ri, si), k(rj, sj));
        const synValue = association(si, sj, k(ri, si), k(rj, sj));
        pairs.push({ a: ri.name, b: rj.name, measure, real: realValue, synthetic: synValue, absDiff: Math.abs(realValue - synValue) });
      }
    }
  }
  return {
    columns,
    meanMarginal: nanMean(columns.map((c) => c.distance)),
    pairs,
    meanAssociationDiff: nanMean(pairs.map((p) => p.absDiff)),
  };
}

/** ½ Σ |p − q| over categories 0..k-1 plus "missing" (code −1). */
export function totalVariation(a: Int32Array, b: Int32Array, k: number): number {
  if (a.length === 0 || b.length === 0) return NaN;
  const pa = categoryShares(a, k), pb = categoryShares(b, k);
  let tv = 0;
  for (let c = 0; c <= k; c++) tv += Math.abs(pa[c]! - pb[c]!);
  return tv / 2;
}

/** sup_x |F_a(x) − F_b(x)| over the non-NaN values (scipy's ks_2samp statistic). */
export function ksStatistic(a: Float64Array, b: Float64Array): number {
  const x = a.filter((v) => !Number.isNaN(v)).sort();
  const y = b.filter((v) => !Number.isNaN(v)).sort();
  if (x.length === 0 || y.length === 0) return NaN;
  let i = 0, j = 0, d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Pearson correlation over rows where both are present; 0 when either is constant there. */
export function pearson(a: Float64Array, b: Float64Array): number {
  let n = 0, sa = 0, sb = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]!) && !Number.isNaN(b[i]!)) { n++; sa += a[i]!; sb += b[i]!; }
  if (n < 2) return 0;
  const ma = sa / n, mb = sb / n;
  let saa = 0, sbb = 0, sab = 0;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]!) || Number.isNaN(b[i]!)) continue;
    const x = a[i]! - ma, y = b[i]! - mb;
    saa += x * x; sbb += y * y; sab += x * y;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Cramér's V (no bias correction) over rows where both are present; 0 when either takes a
 * single value there. */
export function cramersV(a: Int32Array, b: Int32Array, ka: number, kb: number): number {
  const table = new Float64Array(ka * kb);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i]! >= 0 && b[i]! >= 0) { table[a[i]! * kb + b[i]!]!++; n++; }
  const rows = new Float64Array(ka), cols = new Float64Array(kb);
  for (let r = 0; r < ka; r++) for (let c = 0; c < kb; c++) { rows[r] += table[r * kb + c]!; cols[c] += table[r * kb + c]!; }
  const usedRows = rows.filter((v) => v > 0).length, usedCols = cols.filter((v) => v > 0).length;
  const m = Math.min(usedRows, usedCols) - 1;
  if (n === 0 || m < 1) return 0;
  let chi2 = 0;
  for (let r = 0; r < ka; r++) {
    for (let c = 0; c < kb; c++) {
      const expected = (rows[r]! * cols[c]!) / n;
      if (expected > 0) chi2 += (table[r * kb + c]! - expected) ** 2 / expected;
    }
  }
  return Math.sqrt(chi2 / (n * m));
}

/** Correlation ratio η of a numeric column given a categorical one, over rows where both are
 * present: √(between-category sum of squares / total sum of squares); 0 for a constant numeric. */
export function correlationRatio(values: Float64Array, codes: Int32Array, k: number): number {
  const sum = new Float64Array(k), count = new Float64Array(k);
  let n = 0, total = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!) || codes[i]! < 0) continue;
    sum[codes[i]!] += values[i]!; count[codes[i]!]!++; n++; total += values[i]!;
  }
  if (n === 0) return 0;
  const mean = total / n;
  let ssTotal = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i]!) || codes[i]! < 0) continue;
    ssTotal += (values[i]! - mean) ** 2;
  }
  let ssBetween = 0;
  for (let c = 0; c < k; c++) if (count[c]! > 0) ssBetween += count[c]! * (sum[c]! / count[c]! - mean) ** 2;
  return ssTotal > 0 ? Math.sqrt(Math.min(1, ssBetween / ssTotal)) : 0;
}

function association(a: FidelityColumn, b: FidelityColumn, ka: number, kb: number): number {
  if (a.kind === 'numeric' && b.kind === 'numeric') return pearson(a.values, b.values);
  if (a.kind === 'categorical' && b.kind === 'categorical') return cramersV(a.values, b.values, ka, kb);
  if (a.kind === 'numeric' && b.kind === 'categorical') return correlationRatio(a.values, b.values, kb);
  if (a.kind === 'categorical' && b.kind === 'numeric') return correlationRatio(b.values, a.values, ka);
  return NaN;
}

/** Codes span both tables and the declared category names. */
function categoryCount(a: FidelityColumn, b: FidelityColumn): number {
  let k = 0;
  for (const c of [a, b]) {
    if (c.kind !== 'categorical') continue;
    k = Math.max(k, c.categories?.length ?? 0);
    for (let i = 0; i < c.values.length; i++) {
      const v = c.values[i]!;
      ensure(Number.isInteger(v) && v >= -1, `Column "${c.name}" holds code ${v}; codes are 0..K-1, or −1 for missing.`);
      k = Math.max(k, v + 1);
    }
  }
  return k;
}

/** Shares of categories 0..k-1, then of "missing" at index k. */
function categoryShares(codes: Int32Array, k: number): Float64Array {
  const shares = new Float64Array(k + 1);
  for (let i = 0; i < codes.length; i++) shares[codes[i]! < 0 ? k : codes[i]!]! += 1 / codes.length;
  return shares;
}

function missingShare(c: FidelityColumn): number {
  if (c.values.length === 0) return NaN;
  let m = 0;
  if (c.kind === 'numeric') { for (let i = 0; i < c.values.length; i++) if (Number.isNaN(c.values[i]!)) m++; }
  else for (let i = 0; i < c.values.length; i++) if (c.values[i]! < 0) m++;
  return m / c.values.length;
}

function nanMean(values: readonly number[]): number {
  const ok = values.filter((v) => !Number.isNaN(v));
  return ok.length ? ok.reduce((s, v) => s + v, 0) / ok.length : NaN;
}
