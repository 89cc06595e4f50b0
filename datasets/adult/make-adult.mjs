// Rebuilds adult-train.csv.gz and adult-test.csv.gz from the UCI files (adult.data, adult.test):
//   node datasets/adult/make-adult.mjs <folder with adult.data and adult.test>
// Adds a header row, drops the ", " spacing, skips the test file's "|1x3 Cross validator" line and
// blank lines, and strips the trailing "." from test labels (">50K." → ">50K") so train and test
// share one label domain. "?" stays as the missing-value marker. Output is deterministic.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const COLUMNS = [
  'age', 'workclass', 'fnlwgt', 'education', 'education-num', 'marital-status', 'occupation',
  'relationship', 'race', 'sex', 'capital-gain', 'capital-loss', 'hours-per-week', 'native-country', 'income',
];
const LABELS = new Set(['<=50K', '>50K']);

const source = process.argv[2];
if (!source) {
  console.error('usage: node datasets/adult/make-adult.mjs <folder with adult.data and adult.test>');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));

function convert(file) {
  const lines = readFileSync(join(source, file), 'utf8').split(/\r?\n/);
  const out = [COLUMNS.join(',')];
  lines.forEach((line, i) => {
    if (line.trim() === '' || line.startsWith('|')) return;
    const fields = line.split(',').map((f) => f.trim());
    if (fields.length !== COLUMNS.length) throw new Error(`${file} line ${i + 1}: ${fields.length} fields`);
    fields[14] = fields[14].replace(/\.$/, '');
    if (!LABELS.has(fields[14])) throw new Error(`${file} line ${i + 1}: label ${fields[14]}`);
    for (const f of fields) if (/[",\r\n]/.test(f)) throw new Error(`${file} line ${i + 1}: needs quoting`);
    out.push(fields.join(','));
  });
  return { text: out.join('\n') + '\n', rows: out.length - 1 };
}

for (const [file, name] of [['adult.data', 'adult-train.csv.gz'], ['adult.test', 'adult-test.csv.gz']]) {
  const { text, rows } = convert(file);
  const target = join(here, name);
  writeFileSync(target + '.tmp', gzipSync(text, { level: 9 }));
  renameSync(target + '.tmp', target);
  console.log(`${name}: ${rows} rows`);
}
