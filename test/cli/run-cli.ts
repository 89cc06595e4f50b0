// Runs the built `privkit` binary as a user would.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/privkit.js', import.meta.url));

export interface CliResult { code: number; stdout: string; stderr: string }

export function privkit(args: string[], cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { ...process.env, CI: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
