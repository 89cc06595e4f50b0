// The utility and fidelity figures as a person reads them.
import type { CsvEvalReport } from '../eval/evaluate-csv.js';
import type { TstrFigures, TstrResult } from '../eval/tstr.js';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : ' n/a ');

function figureColumns(task: TstrResult['task']): { key: keyof TstrFigures; label: string }[] {
  const common = [
    { key: 'rocAuc' as const, label: 'ROC' }, { key: 'rocAucHard' as const, label: 'ROC(hard)' },
    { key: 'prAuc' as const, label: 'PR-AUC' }, { key: 'accuracy' as const, label: 'acc' },
  ];
  return task === 'binary' ? common : [...common, { key: 'f1Macro', label: 'F1 macro' }, { key: 'f1Weighted', label: 'F1 wtd' }];
}

export function formatUtility(r: CsvEvalReport): string {
  const cols = figureColumns(r.synthetic.task);
  const base = r.realBaseline;
  const head = ['classifier', ...cols.map((c) => c.label), ...(base ? cols.slice(0, 3).map((c) => `real ${c.label}`) : [])];
  const rows = r.synthetic.perClassifier.map((res, i) => [
    res.name, ...cols.map((c) => f3(res[c.key])),
    ...(base ? cols.slice(0, 3).map((c) => f3(base.perClassifier[i]![c.key])) : []),
  ]);
  rows.push(['MEAN', ...cols.map((c) => f3(r.synthetic.mean[c.key])), ...(base ? cols.slice(0, 3).map((c) => f3(base.mean[c.key])) : [])]);
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ');
  const out = [
    `Train on synthetic (${r.rows.synthetic} rows), test on real (${r.rows.real} rows); target ${r.target}, classes ${r.classes.join(' / ')}:`,
    line(head), ...rows.slice(0, -1).map(line), line(rows[rows.length - 1]!),
    `Fidelity: mean marginal distance ${f3(r.fidelity.meanMarginal)} (TV for categorical, KS for numeric); mean |Δ association| ${f3(r.fidelity.meanAssociationDiff)}`,
    `(${r.note})`,
  ];
  return `${out.join('\n')}\n`;
}
