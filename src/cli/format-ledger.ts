// The privacy ledger as a person reads it.
import type { LedgerJson } from '../privacy/index.js';

const f = (x: number, digits = 4) => (Math.abs(x) < 1e-3 && x !== 0 ? x.toExponential(2) : Number(x.toPrecision(digits)).toString());

export function formatLedger(ledger: LedgerJson): string {
  const neighbours = ledger.adjacency === 'add-remove-one' ? 'add/remove-one' : 'replace-one';
  const lines = [`Privacy ledger (${neighbours} neighbours; RDP accountant, ${ledger.accountant.conversion} conversion):`];
  for (const e of ledger.entries) {
    const std = typeof e.details?.noiseStd === 'number' ? `, noise std ${f(e.details.noiseStd)}` : '';
    lines.push(`  - ${e.label}: ${e.mechanism}${std}; ε alone ${f(e.epsilonAlone)}`);
  }
  for (const r of ledger.reservations ?? []) lines.push(`  - ${r.label}: δ ${f(r.delta)} reserved`);
  lines.push(`  total: ε = ${f(ledger.spent.epsilon)}, δ = ${f(ledger.spent.delta)} (budget ε = ${ledger.budget.epsilon}, δ = ${f(ledger.budget.delta)})`);
  return `${lines.join('\n')}\n`;
}
