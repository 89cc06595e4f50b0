// JSON-lines corpus: one document per non-empty line, either a JSON string or an object with a
// string `text` field (other fields are ignored).
import { UserError } from '../../errors.js';
import { readTextFile } from './read-text-file.js';

/** Parses JSON-lines text into documents; `source` names the file in error messages. */
export function parseJsonLines(text: string, source: string): string[] {
  const docs: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new UserError(`Line ${i + 1} of ${source} is not valid JSON; write one document per line as a JSON string or as {"text": "..."}.`);
    }
    if (typeof value === 'string') docs.push(value);
    else if (value !== null && typeof value === 'object' && typeof (value as { text?: unknown }).text === 'string') docs.push((value as { text: string }).text);
    else throw new UserError(`Line ${i + 1} of ${source} is neither a JSON string nor an object with a string "text" field; write each document as "..." or {"text": "..."}.`);
  }
  return docs;
}

export async function readJsonLines(path: string): Promise<string[]> {
  return parseJsonLines(await readTextFile(path, 'JSON-lines file'), path);
}
