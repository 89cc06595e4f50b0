// Runs the built `privkit` binary as a user would.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/privkit.js', import.meta.url));

export interface CliResult { code: number; stdout: string; stderr: string }

export function privkit(args: string[], cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd, env: { ...process.env, CI: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Waits until the process has used `seconds` of CPU (Linux: /proc/PID/stat). `synth` and `train`
 * listen for Ctrl-C after 0.5–1 s of CPU, so a loaded machine's slow start cannot make the signal
 * arrive first, as a fixed wall-clock wait could. Elsewhere: 4 s of wall time.
 */
export async function cpuSecondsUsed(pid: number, seconds: number): Promise<void> {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return sleep(4000);
  for (let waited = 0; waited < 60_000; waited += 100) {
    // Fields 14 and 15 (user and system time, in clock ticks of 1/100 s), after the ')' of the name.
    const fields = readFileSync(stat, 'utf8').split(') ')[1]?.split(' ') ?? [];
    if ((Number(fields[11]) + Number(fields[12])) / 100 >= seconds) return;
    await sleep(100);
  }
}
