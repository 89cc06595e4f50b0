// Plain-text folder corpus: every regular file under the folder (recursively, hidden entries
// skipped) is one document, read as UTF-8 in sorted path order so runs are reproducible.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...await listFiles(path));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

export async function readFolder(dir: string): Promise<string[]> {
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new UserError(`The folder ${dir} does not exist; check the path given to --docs.`);
  }
  if (!info.isDirectory()) throw new UserError(`${dir} is not a folder; pass a folder of text files, or choose --format jsonl or apt for a file.`);
  const files = await listFiles(dir);
  return Promise.all(files.map((file) => readFile(file, 'utf8')));
}
