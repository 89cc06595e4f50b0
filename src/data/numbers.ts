/** Parsing and formatting of numeric CSV values, shared by inference, tables and encoders. */

export interface ParsedNumber {
  readonly value: number;
  /** Written without a fraction or exponent (e.g. `42`, `-7`). */
  readonly integer: boolean;
  /** Digits after the decimal point, accounting for an exponent (`1.25` → 2, `5e-3` → 3). */
  readonly decimals: number;
}

/** Most decimals we track; beyond this a value is treated as an arbitrary float. */
export const MAX_DECIMALS = 15;

const NUMBER = /^[+-]?(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/** Parses a plain decimal number (no `Infinity`, hex or thousands separators); null if not one. */
export function parseNumeric(text: string): ParsedNumber | null {
  const match = NUMBER.exec(text);
  if (match === null) return null;
  const value = Number(text);
  if (!Number.isFinite(value)) return null;
  const fraction = match[2] ?? match[3] ?? '';
  const exponent = match[4] === undefined ? 0 : Number(match[4]);
  const integer = match[1] !== undefined && match[2] === undefined && match[4] === undefined;
  const decimals = Math.min(MAX_DECIMALS, Math.max(0, fraction.length - exponent));
  return { value, integer: integer && Number.isSafeInteger(value), decimals };
}

/** Rounds `value` to `decimals` places (nearest, judged on the exact binary value as toFixed does). */
export function roundToDecimals(value: number, decimals: number): number {
  if (!Number.isFinite(value)) return value;
  // toFixed works on the exact binary value; Number() then gives the nearest double to the decimal.
  return Number(value.toFixed(Math.min(decimals, 100)));
}

/** Text for a numeric cell: integers without a fraction, others with `decimals` places if given. */
export function formatNumber(value: number, type: 'numeric' | 'integer', decimals?: number): string {
  if (Number.isNaN(value)) return '';
  if (type === 'integer') return String(Math.round(value));
  if (decimals !== undefined && Math.abs(value) < 1e21) return value.toFixed(decimals);
  return String(value);
}
