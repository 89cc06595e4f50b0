// The image TSTR figures as a person reads them.
import type { ImageClassifierResult } from '../eval/images/evaluate-images.js';
import type { ImageEvalReport } from '../eval/images/evaluate-image-files.js';
import { describeFitEnd } from '../eval/images/engine-linear.js';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : ' n/a ');

export function formatImageUtility(r: ImageEvalReport): string {
  const head = ['classifier', 'accuracy', 'F1 macro', 'train images', 'seconds'];
  const row = (c: ImageClassifierResult) => [c.name, f3(c.accuracy), f3(c.f1Macro), String(c.trainImages), c.seconds.toFixed(1)];
  const suiteRows = r.perClassifier.map(row);
  const meanLabel = r.perClassifier.length === 12 ? 'MEAN of the 12 (papers\' suite)' : `MEAN of these ${r.perClassifier.length}`;
  const rows = [...suiteRows, [meanLabel, f3(r.mean12.accuracy), f3(r.mean12.f1Macro), '', '']];
  if (r.cnn) rows.push(row(r.cnn), [`MEAN of all ${r.perClassifier.length + 1} (with the CNN)`, f3(r.mean13.accuracy), f3(r.mean13.f1Macro), '', '']);
  const widths = head.map((h, j) => Math.max(h.length, ...rows.map((cells) => cells[j]!.length)));
  const line = (cells: string[]) => cells.map((c, j) => (j === 0 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [
    `Train on synthetic (${r.trainImages} images of ${r.imageShape.join('×')}), test on real (${r.testImages} images); ${r.classes} classes, seed ${r.seed}:`,
    line(head),
    ...suiteRows.map(line),
    rule,
    line(rows[suiteRows.length]!),
  ];
  if (r.cnn) out.push(line(rows[suiteRows.length + 1]!), line(rows[suiteRows.length + 2]!));
  const failures = [...r.perClassifier, ...(r.cnn ? [r.cnn] : [])].filter((c) => c.error);
  for (const c of failures) out.push(`${c.name} failed: ${c.error}`);
  if (r.classesMissingFromTraining.length) out.push(`Classes with no synthetic image (never predicted): ${r.classesMissingFromTraining.join(', ')}.`);
  out.push('Pixels scaled to [0, 1], not standardized. Differences from the papers\' scikit-learn protocol:');
  for (const c of [...r.perClassifier, ...(r.cnn ? [r.cnn] : [])]) if (c.note) out.push(`  ${c.name}: ${c.note}.`);
  const fits = r.perClassifier.filter((c) => c.fitEnd);
  if (fits.length) out.push('How the iterative fits ended:', ...fits.map((c) => `  ${c.name}: ${describeFitEnd(c.fitEnd!)}.`));
  out.push(`Total ${r.seconds.toFixed(0)} s. (${r.note})`);
  return `${out.join('\n')}\n`;
}
