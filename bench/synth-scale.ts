// `npm run bench -- synth-scale`: privkit synth on 100k- and 1M-row CSVs made by resampling the
// bundled Adult rows; peak memory and time per row of each phase.
import { spawnSync } from 'node:child_process';
import { createWriteStream, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/engine/random/seeded-rng.js';
import { bundledDatasetPath, readCsvAll, formatCsvRow } from '../src/data/index.js';
import { writeSection } from './report.js';
import { withTempDir } from './temp-dir.js';

const bin = fileURLToPath(new URL('../../bin/privkit.js', import.meta.url));

async function resampledAdult(path: string, rows: number, seed: number): Promise<void> {
  const { columns, rows: data } = await readCsvAll(bundledDatasetPath('adult-train'));
  const rng = createRng(seed);
  const out = createWriteStream(path);
  const write = (line: string) => new Promise<void>((resolve) => { if (out.write(line)) resolve(); else out.once('drain', resolve); });
  await write(`${formatCsvRow(columns)}\n`);
  for (let i = 0; i < rows; i++) await write(`${formatCsvRow(data[rng.int(data.length)]!.map((v) => v ?? '?'))}\n`);
  await new Promise<void>((resolve) => out.end(resolve));
}

interface Run { rows: number; seconds: Record<string, number>; peakMemoryMb: number; wall: number }

export async function synthScaleBench(command: string): Promise<void> {
  const runs: Run[] = [];
  await withTempDir('privkit-scale-', async (dir) => {
    for (const rows of [100_000, 1_000_000]) {
      const input = join(dir, `adult-${rows}.csv`), report = join(dir, `report-${rows}.json`);
      process.stderr.write(`making ${rows} rows…\n`);
      await resampledAdult(input, rows, 1);
      process.stderr.write(`synthesizing from ${rows} rows…\n`);
      const start = performance.now();
      const r = spawnSync(process.execPath, [bin, 'synth', input, '--out', join(dir, 'synth.csv'), '--target', 'income', '--rows', '10000', '--seed', '1', '--report', report], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`synth failed on ${rows} rows: ${r.stderr}`);
      const json = JSON.parse(readFileSync(report, 'utf8')) as { seconds: Record<string, number>; peakMemoryMb: number };
      runs.push({ rows, seconds: json.seconds, peakMemoryMb: json.peakMemoryMb, wall: (performance.now() - start) / 1000 });
      rmSync(input);
    }
  });
  const us = (s: number | undefined, rows: number) => (s === undefined ? 'n/a' : `${((s * 1e6) / rows).toFixed(1)} µs`);
  const body = [
    'DP-HP, ε = 1, δ = 1e-5, target income, 10,000 synthetic rows written; input = bundled Adult rows resampled with replacement (seed 1).',
    '',
    '| input rows | pre-processing / row | embedding / row | training | sampling | total wall | peak memory |',
    '|---|---|---|---|---|---|---|',
    ...runs.map((r) => `| ${r.rows.toLocaleString('en')} | ${us(r.seconds.preprocessing, r.rows)} | ${us(r.seconds.embedding, r.rows)} | ${r.seconds.training?.toFixed(1)} s | ${r.seconds.sampling?.toFixed(1)} s | ${r.wall.toFixed(1)} s | ${r.peakMemoryMb} MB |`),
  ].join('\n');
  writeSection('synth-scale', command, body);
  process.stdout.write(`${body}\n`);
}
