// Reads a whole text file for a corpus reader, turning the usual file-system failures into one
// sentence for the user.
import { readFile } from 'node:fs/promises';
import { UserError } from '../../errors.js';

export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`The ${what} ${path} does not exist; check the path given to --docs.`);
    if (code === 'EISDIR') throw new UserError(`The ${what} ${path} is a folder; pass --format folder to read one document per file.`);
    if (code === 'EACCES') throw new UserError(`The ${what} ${path} cannot be read (permission denied); make it readable or copy it elsewhere.`);
    throw new UserError(`The ${what} ${path} cannot be read (${(error as Error).message}); check the path given to --docs.`);
  }
}
