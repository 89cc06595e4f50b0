// Runs every compiled `*.test.js` under dist/test with node's test runner (helpers and fixtures
// there are not tests). Extra arguments narrow the run: `npm test -- privacy` runs dist/test/privacy.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  }).sort();
}

const roots = process.argv.slice(2).map((area) => join('dist/test', area));
const files = (roots.length ? roots : ['dist/test']).flatMap(testFiles);
if (files.length === 0) {
  console.error('No test files found under dist/test; did the build run?');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
