// One entry point for every corpus format: `--docs` names a JSON-lines file, a folder, a saved
// `apt-cache dumpavail` output, or the word `apt` (this machine's package descriptions).
import { stat } from 'node:fs/promises';
import { UserError } from '../../errors.js';
import { readAptCache, readAptDump } from './read-apt.js';
import { readFolder } from './read-folder.js';
import { readJsonLines } from './read-jsonl.js';
import { readTextFile } from './read-text-file.js';

export type CorpusFormat = 'jsonl' | 'folder' | 'apt';
export const CORPUS_FORMATS: readonly CorpusFormat[] = ['jsonl', 'folder', 'apt'];

export interface Corpus {
  readonly documents: readonly string[];
  readonly format: CorpusFormat;
  /** Where the documents came from, for reports. */
  readonly source: string;
}

/** The format of `docs` when --format is not given: by kind of path, extension, then first line. */
export async function detectFormat(docs: string): Promise<CorpusFormat> {
  if (docs === 'apt') return 'apt';
  let info;
  try {
    info = await stat(docs);
  } catch {
    throw new UserError(`${docs} does not exist; pass a JSON-lines file, a folder of text files, a saved \`apt-cache dumpavail\` output, or the word apt.`);
  }
  if (info.isDirectory()) return 'folder';
  if (/\.(jsonl|ndjson|json)$/i.test(docs)) return 'jsonl';
  const head = (await readTextFile(docs, 'corpus file')).slice(0, 4096).trimStart();
  if (/^Package:/.test(head)) return 'apt';
  if (head.startsWith('{') || head.startsWith('"')) return 'jsonl';
  throw new UserError(`Cannot tell the format of ${docs}; pass --format jsonl (one JSON document per line), folder, or apt (an \`apt-cache dumpavail\` output).`);
}

export async function readCorpus(docs: string, format?: CorpusFormat): Promise<Corpus> {
  const chosen = format ?? await detectFormat(docs);
  let documents: string[];
  if (chosen === 'apt') documents = docs === 'apt' ? await readAptCache() : await readAptDump(docs);
  else if (chosen === 'folder') documents = await readFolder(docs);
  else documents = await readJsonLines(docs);
  if (documents.length === 0) throw new UserError(`${docs} holds no document; give a corpus with at least a few documents.`);
  return { documents, format: chosen, source: docs === 'apt' ? 'apt-cache dumpavail' : docs };
}
