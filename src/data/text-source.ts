/**
 * Turns a file path, an in-memory string or a byte/text stream into a stream of text chunks,
 * gunzipping transparently when the bytes start with the gzip magic number.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';

/** In-memory text, mainly for tests and small inputs. */
export interface TextInput {
  readonly text: string;
  readonly name?: string;
}

/** A path (string or file URL), in-memory text, or a stream of bytes or text (e.g. a Readable). */
export type TextSource = string | URL | TextInput | AsyncIterable<string | Uint8Array>;

const CHUNK_CHARS = 64 * 1024;

export function isTextInput(source: TextSource): source is TextInput {
  return typeof source === 'object' && source !== null && 'text' in source && typeof (source as TextInput).text === 'string';
}

/** True when `source` can be read more than once (a path or a string, not a stream). */
export function isRereadable(source: TextSource): boolean {
  return typeof source === 'string' || source instanceof URL || isTextInput(source);
}

export function sourcePath(source: TextSource): string | null {
  if (typeof source === 'string') return source;
  if (source instanceof URL) return fileURLToPath(source);
  return null;
}

/** A short name for error messages: the file's base name, or the given/placeholder name. */
export function sourceName(source: TextSource, override?: string): string {
  if (override !== undefined) return override;
  const path = sourcePath(source);
  if (path !== null) return basename(path);
  if (isTextInput(source)) return source.name ?? 'the CSV text';
  return 'the CSV stream';
}

/** Throws a UserError unless `path` is an existing, non-empty regular file we can read. */
export async function checkReadableFile(path: string): Promise<void> {
  let stat;
  try {
    stat = await fsp.stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UserError(`${path} does not exist; check the path and the current folder.`);
    if (code === 'EACCES' || code === 'EPERM') throw new UserError(`${path} cannot be read (permission denied); fix its permissions or copy it somewhere readable.`);
    throw error;
  }
  if (stat.isDirectory()) throw new UserError(`${path} is a folder, not a file; give the path of a file inside it.`);
}

function isGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Async iterator over raw chunks with the first chunk peeked at, for gzip detection. */
async function* prepend<T>(first: T, rest: AsyncIterator<T>): AsyncGenerator<T> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

async function* gunzipChunks(bytes: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  const input = Readable.from(bytes, { objectMode: false });
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  input.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Uint8Array;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new UserError(`${name} looks gzipped but cannot be decompressed (${(error as Error).message}); re-download it or give the uncompressed file.`);
    }
    throw error;
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

/**
 * Yields the text of `source` in chunks. Bytes are decoded as UTF-8 (multi-byte characters split
 * across chunks are handled); gzip is detected by its magic bytes, not by the file extension.
 */
export async function* textChunks(source: TextSource, name: string): AsyncGenerator<string> {
  if (isTextInput(source)) {
    for (let i = 0; i < source.text.length; i += CHUNK_CHARS) yield source.text.slice(i, i + CHUNK_CHARS);
    return;
  }
  const path = sourcePath(source);
  let raw: AsyncIterable<string | Uint8Array>;
  let stream: Readable | null = null;
  if (path !== null) {
    await checkReadableFile(path);
    stream = createReadStream(path, { highWaterMark: CHUNK_CHARS });
    raw = stream;
  } else {
    raw = source as AsyncIterable<string | Uint8Array>;
  }
  const iterator = raw[Symbol.asyncIterator]();
  try {
    const first = await iterator.next();
    if (first.done) return;
    if (typeof first.value === 'string') {
      yield first.value;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield typeof next.value === 'string' ? next.value : Buffer.from(next.value).toString('utf8');
      }
    }
    const bytes = prepend(first.value, iterator) as AsyncGenerator<Uint8Array>;
    const decoded = isGzipMagic(first.value) ? gunzipChunks(bytes, name) : bytes;
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of decoded) {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) yield text;
    }
    const tail = decoder.decode();
    if (tail.length > 0) yield tail;
  } finally {
    // Stop reading if the consumer stopped early (e.g. on a bad row).
    stream?.destroy();
    await iterator.return?.();
  }
}
