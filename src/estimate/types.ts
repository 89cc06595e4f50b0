/** The estimator's public option and result types, and the internal per-column plan. */
import type { ColumnSchema, ColumnType, CsvReadOptions, CsvSource, Schema } from '../data/index.js';
import type { Ledger, PrivacyEvent } from '../privacy/index.js';
import type { BudgetSplit } from './budget.js';
import type { CollectRequest } from './collect.js';
import type { FormatSummary } from './column-format.js';

export interface EstimateSchemaOptions {
  /** The private CSV (path or text source). */
  readonly source: CsvSource;
  /**
   * Optional schema: public columns are used as declared, at no cost; the others get their domain
   * (and, in a schema inferred from the data, their type) estimated privately. It must list exactly
   * the CSV's columns.
   */
  readonly userSchema?: Schema;
  /** Every release is registered here; the pre-processing must also fit its budget. */
  readonly ledger: Ledger;
  /** The pre-processing budget (e.g. 10% of the total ε and δ); all releases together stay within it. */
  readonly budget: { readonly epsilon: number; readonly delta: number };
  /** The CSV has a header row (default true). */
  readonly header?: boolean;
  /** Other CSV reading options (missing-value tokens, delimiter, …). */
  readonly csv?: Omit<CsvReadOptions, 'header'>;
  /** A class column: it must end up categorical with at least 2 released categories. */
  readonly target?: string;
  /** Cap on the distinct values counted per column (default 100,000). */
  readonly maxCategories?: number;
  /** Shares of the pre-processing zCDP ρ (default 0.2 / 0.4 / 0.4; see budget.ts). */
  readonly split?: Partial<BudgetSplit>;
  /**
   * How numeric bounds are found: 'histogram' (default; one thresholded Gaussian histogram on
   * octave bins for all columns, inclusive bounds) or 'quantile' (two DP quantiles per column).
   */
  boundsMethod?: 'histogram' | 'quantile';
  /** Quantile levels of the bounds with boundsMethod 'quantile' (default [0.005, 0.995]); values outside are clipped. */
  readonly quantiles?: readonly [number, number];
  /** Share of the pre-processing δ reserved for the categories threshold (default 0.25). */
  readonly thresholdDeltaShare?: number;
  /** Called with the number of rows read so far (every 8,192 rows and at the end). */
  readonly onProgress?: (rowsRead: number) => void;
}

export interface ColumnDecision {
  readonly name: string;
  /** public: used as declared; estimated-before: already estimated (cost recorded earlier); estimated: here. */
  readonly domain: 'public' | 'estimated-before' | 'estimated';
  readonly type: ColumnType;
  /** Where the type came from. */
  readonly typeFrom: 'declared' | 'estimated' | 'target';
  /** Noisy fractions behind the type decision (post-processing of release 1). */
  readonly format?: FormatSummary;
  readonly bounds?: {
    readonly bounds: readonly [number, number];
    /** 'histogram': outermost octave bins above the noise threshold; 'quantile': two DP quantiles. */
    readonly method?: 'histogram' | 'quantile';
    /** Histogram method: the noisy-count threshold (rows). */
    readonly threshold?: number;
    /** Quantile method: the levels used (moved inwards when the budget cannot resolve the requested ones). */
    readonly quantiles?: readonly [number, number];
    /** Quantile method: ε of each of the two exponential mechanisms. */
    readonly epsilonEach?: number;
  };
  readonly categories?: {
    readonly released: number;
    readonly threshold: number;
    /** Noisy counts of the released categories (private: post-processing of release 3). */
    readonly noisyCounts: Readonly<Record<string, number>>;
  };
  readonly note?: string;
}

export interface EstimateDecisions {
  readonly budget: { readonly epsilon: number; readonly delta: number };
  /** Total zCDP ρ planned, and the shares of it (after dropping parts with nothing to release). */
  readonly rho: number;
  readonly split: BudgetSplit;
  /** δ reserved for the categories threshold (part of budget.delta). */
  readonly reservedDelta: number;
  /** ε of the pre-processing alone at budget.delta (≤ budget.epsilon), on PREPROCESSING_ORDERS. */
  readonly spentEpsilon: number;
  /** The released row count before rounding, and its noise std; null when nothing was released. */
  readonly rowCount: { readonly noisy: number; readonly std: number } | null;
  readonly columns: readonly ColumnDecision[];
  /** Things a person should know (dropped columns, widened quantiles, …). */
  readonly notes: readonly string[];
}

export interface EstimateResult {
  /** Every column public or `estimated: true`: `createEncoder(schema)` accepts it as is. */
  readonly schema: Schema;
  /**
   * The noisy row count (rounded, ≥ 1), the default number of synthetic rows; null when every
   * column was public or already estimated, so that nothing was read or released.
   */
  readonly rowCount: number | null;
  readonly decisions: EstimateDecisions;
}

/** What is known about one column before the data is read. */
export interface ColumnPlan {
  readonly name: string;
  readonly csvIndex: number;
  readonly declared: ColumnSchema | null;
  readonly domain: ColumnDecision['domain'];
  /** Type known without estimating it (trusted declaration, or categorical for the target). */
  readonly knownType: ColumnType | null;
  readonly typeFrom: ColumnDecision['typeFrom'];
  readonly request: CollectRequest;
}

/** An estimated column's released domain (internal). */
export interface Domain {
  readonly type: ColumnType;
  readonly bounds?: readonly [number, number];
  readonly decimals?: number;
  readonly categories?: readonly string[];
  readonly note?: string;
}

/** Registers a release in the caller's ledger (and the estimator's own check ledger). */
export interface Recorder {
  record(label: string, event: PrivacyEvent, details: Record<string, unknown>): void;
  reserveDelta(label: string, delta: number, details: Record<string, unknown>): void;
}

/** What a release step returns per column (internal). */
export interface ColumnRelease {
  readonly domain: Domain;
  readonly decision: ColumnDecision;
  /** A line for the run's notes, if a person should know something. */
  readonly notice?: string;
}
