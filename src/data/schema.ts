/**
 * Schema: the JSON description of a table's columns — type, domain (bounds or categories), whether
 * values may be missing — and, per column, whether that domain is public (declared by the user,
 * free) or must be estimated privately (paid through the ledger, principle 1).
 *
 * JSON format (`privkit: "schema/1"`):
 * ```json
 * { "privkit": "schema/1", "source": "user", "columns": [
 *   { "name": "age", "type": "integer", "bounds": [17, 90], "missing": false, "public": true },
 *   { "name": "hours", "type": "numeric", "bounds": [0, 99.5], "format": { "decimals": 1 }, "public": true },
 *   { "name": "workclass", "type": "categorical", "categories": ["Private", "State-gov"], "missing": true, "public": true }
 * ] }
 * ```
 * Column fields: `name`, `type`, `public` (required); `bounds` (numeric/integer) or `categories`
 * (categorical), required when `public` is true; `missing` (default false); `format.decimals`
 * (numeric only); `clip` (default false: a value outside the domain is an error; true: numeric
 * values are clipped into `bounds` and unknown categories read as missing); `estimated` (true when
 * the domain was estimated privately and its cost recorded in the ledger); `note` (free text).
 */
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { MAX_DECIMALS } from './numbers.js';

export const SCHEMA_VERSION = 'schema/1';

export type ColumnType = 'numeric' | 'integer' | 'categorical';

interface ColumnSchemaBase {
  readonly name: string;
  /** May values be missing? */
  readonly missing: boolean;
  /** The user declares this column's type and domain public: learning them costs no privacy. */
  readonly public: boolean;
  /** The domain was estimated privately (a DP quantile/histogram) and its cost is in the ledger. */
  readonly estimated?: boolean;
  /** Values outside the domain are clipped (numeric) or read as missing (categorical) instead of rejected. */
  readonly clip?: boolean;
  /** Free text for people (e.g. why a column was flagged). */
  readonly note?: string;
}

export interface NumericColumnSchema extends ColumnSchemaBase {
  readonly type: 'numeric' | 'integer';
  /** Inclusive [lo, hi]; absent when the domain is still to be estimated privately. */
  readonly bounds?: readonly [number, number];
  /** Digits after the decimal point when values are written or decoded (numeric only). */
  readonly format?: { readonly decimals: number };
}

export interface CategoricalColumnSchema extends ColumnSchemaBase {
  readonly type: 'categorical';
  /** The category list; absent when the domain is still to be estimated privately. */
  readonly categories?: readonly string[];
}

export type ColumnSchema = NumericColumnSchema | CategoricalColumnSchema;

export interface Schema {
  readonly privkit: typeof SCHEMA_VERSION;
  /** Who wrote it: a person (`user`) or `inferSchema` from the private data itself. */
  readonly source: 'user' | 'inferred-from-data';
  /** Set by `inferSchema`: the schema reveals the data until a person reviews it. */
  readonly warning?: string;
  readonly columns: readonly ColumnSchema[];
}

/** Where a column's domain comes from, and so whether using it costs privacy. */
export type DomainStatus =
  /** declared public by the user: free */
  | 'public'
  /** estimated privately, cost already recorded */
  | 'estimated'
  /** not public and not yet estimated: any domain present is data-derived and must not be released */
  | 'needs-estimate';

const TOP_LEVEL_FIELDS = new Set(['privkit', 'source', 'warning', 'columns']);
const COLUMN_FIELDS = new Set(['name', 'type', 'bounds', 'categories', 'missing', 'public', 'format', 'clip', 'estimated', 'note']);
const TYPES = new Set<string>(['numeric', 'integer', 'categorical']);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): never {
  throw new UserError(message);
}

function optionalBoolean(obj: Json, key: string, where: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(`${where} has "${key}": ${JSON.stringify(value)}; write true or false.`);
  return value;
}

function parseColumn(raw: unknown, index: number, name: string): ColumnSchema {
  const at = `${name} column ${index + 1}`;
  if (!isObject(raw)) fail(`${at} is not an object; write each column as { "name": ..., "type": ..., "public": ... }.`);
  if (typeof raw.name !== 'string' || raw.name === '') fail(`${at} has no "name"; give every column the name used in the CSV header.`);
  const where = `${name} column '${raw.name}'`;
  for (const key of Object.keys(raw)) {
    if (!COLUMN_FIELDS.has(key)) fail(`${where} has an unknown field "${key}"; remove it (allowed: ${[...COLUMN_FIELDS].join(', ')}).`);
  }
  if (typeof raw.type !== 'string' || !TYPES.has(raw.type)) {
    fail(`${where} has type ${JSON.stringify(raw.type)}; use "numeric", "integer" or "categorical".`);
  }
  const type = raw.type as ColumnType;
  const isPublic = optionalBoolean(raw, 'public', where);
  if (isPublic === undefined) fail(`${where} does not say whether it is public; add "public": true if its type and domain are public knowledge, otherwise "public": false.`);
  const missing = optionalBoolean(raw, 'missing', where) ?? false;
  const estimated = optionalBoolean(raw, 'estimated', where);
  const clip = optionalBoolean(raw, 'clip', where);
  if (raw.note !== undefined && typeof raw.note !== 'string') fail(`${where} has a "note" that is not a string; write it as text.`);
  if (isPublic && estimated) fail(`${where} is both "public" and "estimated"; a public domain needs no private estimate, so remove "estimated".`);

  const base = {
    name: raw.name,
    missing,
    public: isPublic,
    ...(estimated !== undefined ? { estimated } : {}),
    ...(clip !== undefined ? { clip } : {}),
    ...(raw.note !== undefined ? { note: raw.note as string } : {}),
  };

  if (type === 'categorical') {
    if (raw.bounds !== undefined) fail(`${where} is categorical but has "bounds"; remove "bounds" or change the type to "numeric" or "integer".`);
    if (raw.format !== undefined) fail(`${where} is categorical but has "format"; remove "format".`);
    const categories = raw.categories === undefined ? undefined : parseCategories(raw.categories, where);
    if ((isPublic || estimated) && categories === undefined) {
      fail(`${where} is ${isPublic ? 'public' : 'estimated'} but has no "categories"; list its categories or set "public": false.`);
    }
    if (clip && !missing) fail(`${where} has "clip": true, which reads unknown categories as missing, but "missing" is false; set "missing": true or remove "clip".`);
    return { ...base, type, ...(categories !== undefined ? { categories } : {}) };
  }

  if (raw.categories !== undefined) fail(`${where} is ${type} but has "categories"; remove "categories" or change the type to "categorical".`);
  const bounds = raw.bounds === undefined ? undefined : parseBounds(raw.bounds, type, where);
  if ((isPublic || estimated) && bounds === undefined) {
    fail(`${where} is ${isPublic ? 'public' : 'estimated'} but has no "bounds"; add "bounds": [lo, hi] or set "public": false.`);
  }
  let format: { decimals: number } | undefined;
  if (raw.format !== undefined) {
    if (type !== 'numeric') fail(`${where} is an integer column with a "format"; remove "format" (integers are written without decimals).`);
    format = parseFormat(raw.format, where);
  }
  return { ...base, type, ...(bounds !== undefined ? { bounds } : {}), ...(format !== undefined ? { format } : {}) };
}

function parseBounds(raw: unknown, type: 'numeric' | 'integer', where: string): readonly [number, number] {
  if (!Array.isArray(raw) || raw.length !== 2 || !raw.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(`${where} has "bounds": ${JSON.stringify(raw)}; write two finite numbers [lo, hi].`);
  }
  const [lo, hi] = raw as [number, number];
  if (lo > hi) fail(`${where} has "bounds": [${lo}, ${hi}] with lo > hi; swap them so that lo ≤ hi.`);
  if (type === 'integer' && !(Number.isInteger(lo) && Number.isInteger(hi))) {
    fail(`${where} is an integer column with fractional "bounds": [${lo}, ${hi}]; use whole numbers or change the type to "numeric".`);
  }
  return [lo, hi];
}

function parseCategories(raw: unknown, where: string): readonly string[] {
  if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string')) {
    fail(`${where} has "categories" that are not a list of strings; write them as ["a", "b", ...].`);
  }
  const list = raw as string[];
  if (list.length === 0) fail(`${where} has an empty "categories" list; list at least one category or set "public": false and leave "categories" out.`);
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c)) fail(`${where} lists the category '${c}' twice; remove the duplicate.`);
    seen.add(c);
  }
  return [...list];
}

function parseFormat(raw: unknown, where: string): { decimals: number } {
  if (!isObject(raw) || Object.keys(raw).some((k) => k !== 'decimals')) {
    fail(`${where} has "format": ${JSON.stringify(raw)}; write { "decimals": n }.`);
  }
  const d = raw.decimals;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > MAX_DECIMALS) {
    fail(`${where} has "format.decimals": ${JSON.stringify(d)}; use a whole number from 0 to ${MAX_DECIMALS}.`);
  }
  return { decimals: d };
}

/**
 * Validates a schema given as JSON text or a parsed object. `name` (e.g. the file name) prefixes
 * error messages. Unknown fields are errors so that typos do not silently change privacy.
 */
export function parseSchema(input: unknown, name = 'the schema'): Schema {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (error) {
      fail(`${name} is not valid JSON (${(error as Error).message}); fix the syntax.`);
    }
  }
  if (!isObject(json)) fail(`${name} is not a JSON object; write { "privkit": "${SCHEMA_VERSION}", "columns": [...] }.`);
  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL_FIELDS.has(key)) fail(`${name} has an unknown field "${key}"; remove it (allowed: ${[...TOP_LEVEL_FIELDS].join(', ')}).`);
  }
  if (json.privkit !== SCHEMA_VERSION) fail(`${name} has "privkit": ${JSON.stringify(json.privkit)}; set it to "${SCHEMA_VERSION}".`);
  const source = json.source ?? 'user';
  if (source !== 'user' && source !== 'inferred-from-data') fail(`${name} has "source": ${JSON.stringify(source)}; use "user" or "inferred-from-data".`);
  if (json.warning !== undefined && typeof json.warning !== 'string') fail(`${name} has a "warning" that is not a string; write it as text or remove it.`);
  if (!Array.isArray(json.columns) || json.columns.length === 0) fail(`${name} has no "columns"; list at least one column.`);
  const columns = json.columns.map((c, i) => parseColumn(c, i, name));
  const seen = new Set<string>();
  for (const c of columns) {
    if (seen.has(c.name)) fail(`${name} lists the column '${c.name}' twice; keep one entry per column.`);
    seen.add(c.name);
  }
  return {
    privkit: SCHEMA_VERSION,
    source,
    ...(json.warning !== undefined ? { warning: json.warning as string } : {}),
    columns,
  };
}

/** Reads and validates a schema JSON file. */
export async function readSchema(path: string): Promise<Schema> {
  let text: string;
  try {
    text = await fsp.readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') fail(`the schema file ${path} does not exist; check the path or create it with \`privkit schema infer\`.`);
    if (code === 'EISDIR') fail(`${path} is a folder, not a schema file; give the path of the JSON file.`);
    throw error;
  }
  return parseSchema(text, basename(path));
}

/** The schema as pretty JSON text (field order fixed for readable diffs). */
export function schemaToJson(schema: Schema): string {
  const columns = schema.columns.map((c) => ({
    name: c.name,
    type: c.type,
    ...(c.type === 'categorical' ? { categories: c.categories } : { bounds: c.bounds, format: c.format }),
    missing: c.missing,
    public: c.public,
    estimated: c.estimated,
    clip: c.clip,
    note: c.note,
  }));
  const ordered = { privkit: schema.privkit, source: schema.source, warning: schema.warning, columns };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** Writes the schema as JSON, atomically. */
export async function writeSchema(path: string, schema: Schema): Promise<void> {
  await writeFileAtomic(path, schemaToJson(schema));
}

export function domainStatus(column: ColumnSchema): DomainStatus {
  if (column.public) return 'public';
  if (column.estimated) return 'estimated';
  return 'needs-estimate';
}

/**
 * Columns whose domain is neither public nor privately estimated yet: a DP quantile (bounds) or
 * DP histogram (categories) must estimate them, paying privacy, before anything is released.
 */
export function columnsNeedingEstimation(schema: Schema): ColumnSchema[] {
  return schema.columns.filter((c) => domainStatus(c) === 'needs-estimate');
}

/** True when every domain may be used in a release (public or already estimated privately). */
export function hasReleasableDomains(schema: Schema): boolean {
  return columnsNeedingEstimation(schema).length === 0;
}

export type EstimatedDomain = { readonly bounds: readonly [number, number] } | { readonly categories: readonly string[] };

/**
 * Records a privately estimated domain for column `name` (the caller has already charged its cost
 * to the ledger). Estimated domains always clip: noisy bounds or a thresholded category list will
 * not cover every record, so out-of-domain values are clipped (numeric) or read as missing
 * (categorical; `missing` becomes true).
 */
export function withEstimatedDomain(schema: Schema, name: string, domain: EstimatedDomain): Schema {
  const index = schema.columns.findIndex((c) => c.name === name);
  if (index === -1) throw new Error(`withEstimatedDomain: no column '${name}' in the schema`);
  const column = schema.columns[index]!;
  if (column.public) throw new Error(`withEstimatedDomain: column '${name}' is public and needs no estimate`);
  let updated: ColumnSchema;
  if (column.type === 'categorical') {
    if (!('categories' in domain)) throw new Error(`withEstimatedDomain: column '${name}' is categorical; give categories`);
    updated = { ...column, categories: [...domain.categories], missing: true, estimated: true, clip: true };
  } else {
    if (!('bounds' in domain)) throw new Error(`withEstimatedDomain: column '${name}' is ${column.type}; give bounds`);
    updated = { ...column, bounds: [domain.bounds[0], domain.bounds[1]], estimated: true, clip: true };
  }
  // Re-validate so an estimator bug (lo > hi, empty list) cannot produce an invalid schema.
  const columns = schema.columns.map((c, i) => (i === index ? updated : c));
  return parseSchema(JSON.parse(schemaToJson({ ...schema, columns })), 'the estimated schema');
}

export function findColumn(schema: Schema, name: string): ColumnSchema | undefined {
  return schema.columns.find((c) => c.name === name);
}
