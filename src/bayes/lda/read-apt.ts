// Debian package descriptions as a corpus: the output of `apt-cache dumpavail` is a list of
// RFC-822-style stanzas separated by blank lines. A field starts at the beginning of a line
// ("Name: value"); lines that start with a space or tab continue the previous field. In
// `Description:` the first line is the synopsis, continuation lines the long description, and a
// line holding only " ." is a paragraph break. One package = one document (a package listed
// several times, e.g. in an archive and its security updates, is kept once: its first stanza).
import { execFile } from 'node:child_process';
import { UserError } from '../../errors.js';
import { readTextFile } from './read-text-file.js';

export interface AptDocument {
  readonly name: string;
  readonly description: string;
}

/** Parses a dumpavail text into one description per package, in order of first appearance. */
export function parseAptDump(text: string): AptDocument[] {
  const docs: AptDocument[] = [];
  const seen = new Set<string>();
  let name: string | null = null;
  let description: string[] | null = null;
  let inDescription = false;
  const flush = (): void => {
    if (name !== null && description !== null && !seen.has(name)) {
      seen.add(name);
      docs.push({ name, description: description.join('\n').trim() });
    }
    name = null;
    description = null;
    inDescription = false;
  };
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '') { flush(); continue; }
    if (raw[0] === ' ' || raw[0] === '\t') {
      if (!inDescription) continue; // continuation of some other field (Tag:, Depends: …)
      const body = raw.slice(1);
      description!.push(body.trim() === '.' ? '' : body);
      continue;
    }
    const colon = raw.indexOf(':');
    if (colon <= 0) { inDescription = false; continue; }
    const field = raw.slice(0, colon).toLowerCase();
    const value = raw.slice(colon + 1).trim();
    inDescription = field === 'description';
    if (field === 'package') name = value;
    else if (inDescription) description = [value];
  }
  flush();
  return docs;
}

/** Reads a dumpavail file. */
export async function readAptDump(path: string): Promise<string[]> {
  const docs = parseAptDump(await readTextFile(path, 'package-description dump'));
  if (docs.length === 0) throw new UserError(`${path} holds no package stanza with a Description field; pass the output of \`apt-cache dumpavail\`, or choose another --format.`);
  return docs.map((d) => d.description);
}

/** Runs `apt-cache dumpavail` on this machine and returns its text. */
export function runAptCacheDump(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('apt-cache', ['dumpavail'], { maxBuffer: 1 << 30, encoding: 'utf8' }, (error, stdout) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(new UserError(code === 'ENOENT'
          ? 'apt-cache is not available on this machine (it is part of Debian and Ubuntu); save `apt-cache dumpavail` output on such a machine and pass it with --docs dump.txt --format apt.'
          : `apt-cache dumpavail failed (${error.message.split('\n')[0]}); save its output on a working Debian machine and pass it with --docs dump.txt --format apt.`));
        return;
      }
      resolve(stdout);
    });
  });
}

/** The package descriptions of this machine's apt lists. */
export async function readAptCache(): Promise<string[]> {
  const docs = parseAptDump(await runAptCacheDump());
  if (docs.length === 0) throw new UserError('apt-cache dumpavail listed no package; run `apt-get update` (as root) to download the package lists, or pass a saved dump with --docs dump.txt --format apt.');
  return docs.map((d) => d.description);
}
