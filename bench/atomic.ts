import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomicSync(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}
