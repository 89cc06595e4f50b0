/**
 * The estimated schema: public and earlier-estimated columns as given; estimated ones with their
 * released type and domain, marked `estimated` and `clip` (withEstimatedDomain).
 *
 * `missing` stays as a person declared it; otherwise it is always true: a noisy count can never
 * certify that no value is missing, a wrong `false` would make reading the data fail at the first
 * missing value, and a needless missing slot costs the synthesizer little (it learns a rate near 0).
 */
import { SCHEMA_VERSION, withEstimatedDomain, type ColumnSchema, type Schema } from '../data/index.js';
import type { ColumnPlan, Domain } from './types.js';

export function outputSchema(plans: readonly ColumnPlan[], domains: ReadonlyMap<string, Domain>): Schema {
  const skeleton: ColumnSchema[] = plans.map((p) => {
    const domain = domains.get(p.name);
    if (p.domain !== 'estimated' || domain === undefined) return p.declared!;
    const declared = p.typeFrom === 'declared' ? p.declared : null;
    const note = domain.note ?? declared?.note;
    const base = { name: p.name, missing: declared ? declared.missing : true, public: false, ...(note !== undefined ? { note } : {}) };
    if (domain.type === 'categorical') return { ...base, type: 'categorical' };
    return { ...base, type: domain.type, ...(domain.type === 'numeric' ? { format: { decimals: domain.decimals ?? 0 } } : {}) };
  });
  let schema: Schema = { privkit: SCHEMA_VERSION, source: 'user', columns: skeleton };
  const empty = new Set<string>();
  for (const [name, domain] of domains) {
    if (domain.type !== 'categorical') schema = withEstimatedDomain(schema, name, { bounds: domain.bounds! });
    else if (domain.categories!.length > 0) schema = withEstimatedDomain(schema, name, { categories: domain.categories! });
    else empty.add(name);
  }
  // A schema file cannot hold an empty category list (parseSchema rejects it), so withEstimatedDomain
  // cannot record one; the encoder handles it (the block is just the missing slot).
  if (empty.size === 0) return schema;
  return {
    ...schema,
    columns: schema.columns.map((c) => (empty.has(c.name) ? { ...c, type: 'categorical', categories: [], missing: true, estimated: true, clip: true } : c)),
  };
}
