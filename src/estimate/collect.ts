/**
 * The one streaming pass over the private CSV: per column, whatever its releases will need —
 * format cells (column-format.ts), a histogram on the quantile grid (grid.ts), category counts
 * (categories.ts). Memory is bounded: fixed-size cells and histograms, and at most `maxCategories`
 * distinct values counted per column. Nothing computed here leaves the estimator un-noised.
 */
import { parseNumeric, type CsvFile } from '../data/index.js';
import { addFormatValue, FORMAT_CELLS } from './column-format.js';
import { addToGridHistogram, createGridHistogram, type GridHistogram } from './grid.js';

export interface CollectRequest {
  /** Index of the column in the CSV. */
  readonly csvIndex: number;
  readonly format: boolean;
  readonly histogram: boolean;
  readonly categories: boolean;
}

export interface ColumnStatistics {
  /** Offset of the column's cells in `CollectedStatistics.formatCells`, or −1. */
  readonly formatOffset: number;
  readonly histogram: GridHistogram | null;
  readonly categories: Map<string, number> | null;
  /** More distinct values than the cap were seen: `categories` is incomplete. */
  overflow: boolean;
}

export interface CollectedStatistics {
  readonly rows: number;
  /** FORMAT_CELLS counts per column with `format`, in request order. */
  readonly formatCells: Float64Array;
  readonly columns: readonly ColumnStatistics[];
}

const PROGRESS_EVERY = 8192;

export async function collectStatistics(
  file: CsvFile,
  requests: readonly CollectRequest[],
  maxCategories: number,
  onProgress?: (rowsRead: number) => void,
): Promise<CollectedStatistics> {
  let formatColumns = 0;
  const columns: ColumnStatistics[] = requests.map((r) => ({
    formatOffset: r.format ? FORMAT_CELLS * formatColumns++ : -1,
    histogram: r.histogram ? createGridHistogram() : null,
    categories: r.categories ? new Map<string, number>() : null,
    overflow: false,
  }));
  const cells = new Float64Array(FORMAT_CELLS * formatColumns);
  let rows = 0;
  for await (const record of file.rows) {
    rows++;
    for (let c = 0; c < requests.length; c++) {
      const value = record.values[requests[c]!.csvIndex] ?? null;
      const stats = columns[c]!;
      const parsed = value !== null && (stats.formatOffset >= 0 || stats.histogram !== null) ? parseNumeric(value) : null;
      if (stats.formatOffset >= 0) addFormatValue(cells, stats.formatOffset, value, parsed);
      if (value === null) continue;
      if (stats.histogram !== null && parsed !== null) addToGridHistogram(stats.histogram, parsed.value);
      const counts = stats.categories;
      if (counts !== null) {
        const seen = counts.get(value);
        if (seen !== undefined) counts.set(value, seen + 1);
        else if (counts.size < maxCategories) counts.set(value, 1);
        else stats.overflow = true;
      }
    }
    if (onProgress && rows % PROGRESS_EVERY === 0) onProgress(rows);
  }
  onProgress?.(rows);
  return { rows, formatCells: cells, columns };
}
