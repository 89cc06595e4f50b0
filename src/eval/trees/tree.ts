// A fitted binary tree in flat arrays, and prediction on raw (unbinned) rows: training split on
// "bin <= b", which is the same test as "x <= threshold" with the bin's upper cut value.

export interface Tree {
  /** Split feature per node, -1 at leaves. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** nOut values per node (only leaves' are meaningful). */
  readonly value: Float64Array;
  readonly nOut: number;
}

/** Index of the leaf that row `i` of the row-major matrix X (d columns) falls into. */
export function leafOf(tree: Tree, X: Float32Array, d: number, i: number): number {
  const { feature, threshold, left, right } = tree;
  let node = 0;
  for (let f = feature[0]!; f >= 0; f = feature[node]!) {
    node = X[i * d + f]! <= threshold[node]! ? left[node]! : right[node]! ;
  }
  return node;
}

/** out[i*stride + j] += scale · leafValue_j for every row and output j < tree.nOut. */
export function addTreeOutput(tree: Tree, X: Float32Array, n: number, d: number, out: Float64Array, scale = 1, stride = tree.nOut, column = 0): void {
  const { value, nOut } = tree;
  for (let i = 0; i < n; i++) {
    const leaf = leafOf(tree, X, d, i) * nOut;
    const o = i * stride + column;
    for (let j = 0; j < nOut; j++) out[o + j] += scale * value[leaf + j]!;
  }
}

/** A growable tree used while fitting. */
export interface TreeBuilder {
  addNode(): number;
  setSplit(node: number, feature: number, threshold: number, left: number, right: number): void;
  setValue(node: number, values: ArrayLike<number>): void;
  build(): Tree;
}

export function createTreeBuilder(nOut: number): TreeBuilder {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  return {
    addNode() {
      feature.push(-1); threshold.push(0); left.push(-1); right.push(-1);
      for (let j = 0; j < nOut; j++) value.push(0);
      return feature.length - 1;
    },
    setSplit(node, f, t, l, r) {
      feature[node] = f; threshold[node] = t; left[node] = l; right[node] = r;
    },
    setValue(node, values) {
      for (let j = 0; j < nOut; j++) value[node * nOut + j] = values[j]!;
    },
    build: () => ({
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      value: Float64Array.from(value),
      nOut,
    }),
  };
}
