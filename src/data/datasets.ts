/**
 * Datasets shipped in the package's `datasets/` folder. Paths resolve from this module's location:
 * after the build it lives in dist/src/data/, three levels below the package root.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type BundledDataset = 'adult-train' | 'adult-test';

const FILES: Record<BundledDataset, string> = {
  'adult-train': 'adult/adult-train.csv.gz',
  'adult-test': 'adult/adult-test.csv.gz',
};

const ROOT = new URL('../../../', import.meta.url);

/** Absolute path of a bundled dataset (a gzipped CSV with a header row; `?` marks missing values). */
export function bundledDatasetPath(name: BundledDataset): string {
  const file = FILES[name];
  if (file === undefined) throw new Error(`bundledDatasetPath: unknown dataset '${String(name)}'; use one of ${Object.keys(FILES).join(', ')}`);
  const path = fileURLToPath(new URL(`datasets/${file}`, ROOT));
  if (!existsSync(path)) throw new Error(`bundled dataset ${name} is missing at ${path}; the package is incomplete`);
  return path;
}

export function bundledDatasets(): BundledDataset[] {
  return Object.keys(FILES) as BundledDataset[];
}
