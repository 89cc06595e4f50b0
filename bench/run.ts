// `npm run bench -- <name>`: long measurements that do not belong in `npm test`.
import { engineBench } from './engine.js';
import { synthScaleBench } from './synth-scale.js';
import { synthAdultBench } from './synth-adult.js';

const benches: Record<string, (command: string) => Promise<void>> = {
  engine: engineBench,
  'synth-scale': synthScaleBench,
  'synth-adult': synthAdultBench,
};

const name = process.argv[2];
if (!name || !(name in benches)) {
  process.stderr.write(`Name a benchmark: npm run bench -- <${Object.keys(benches).join('|')}>\n`);
  process.exitCode = 2;
} else {
  await benches[name]!(`npm run bench -- ${name}`);
}
