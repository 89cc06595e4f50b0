/**
 * IDX files (the MNIST format): magic `00 00 <dtype> <ndims>`, then ndims big-endian uint32 sizes,
 * then the values big-endian. Gzipped files are detected by their magic bytes; writes are atomic.
 */
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { UserError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { checkReadableFile } from './text-source.js';

export type IdxDType = 'ubyte' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  readonly dtype: IdxDType;
  /** Sizes of each dimension, e.g. [60000, 28, 28]. */
  readonly shape: readonly number[];
  /** Row-major values; length = product of shape. */
  readonly data: IdxData;
}

interface DTypeInfo {
  readonly code: number;
  readonly bytes: number;
  readonly make: (n: number) => IdxData;
  readonly read: (view: DataView, at: number) => number;
  readonly write: (view: DataView, at: number, value: number) => void;
}

const DTYPES: Record<IdxDType, DTypeInfo> = {
  ubyte: { code: 0x08, bytes: 1, make: (n) => new Uint8Array(n), read: (v, a) => v.getUint8(a), write: (v, a, x) => v.setUint8(a, x) },
  int8: { code: 0x09, bytes: 1, make: (n) => new Int8Array(n), read: (v, a) => v.getInt8(a), write: (v, a, x) => v.setInt8(a, x) },
  int16: { code: 0x0b, bytes: 2, make: (n) => new Int16Array(n), read: (v, a) => v.getInt16(a), write: (v, a, x) => v.setInt16(a, x) },
  int32: { code: 0x0c, bytes: 4, make: (n) => new Int32Array(n), read: (v, a) => v.getInt32(a), write: (v, a, x) => v.setInt32(a, x) },
  float32: { code: 0x0d, bytes: 4, make: (n) => new Float32Array(n), read: (v, a) => v.getFloat32(a), write: (v, a, x) => v.setFloat32(a, x) },
  float64: { code: 0x0e, bytes: 8, make: (n) => new Float64Array(n), read: (v, a) => v.getFloat64(a), write: (v, a, x) => v.setFloat64(a, x) },
};

const BY_CODE = new Map(Object.entries(DTYPES).map(([name, info]) => [info.code, name as IdxDType]));

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Parses IDX bytes (gzipped or not). `name` is used in error messages. */
export function parseIdx(input: Uint8Array, name = 'the IDX data'): IdxArray {
  let bytes = input;
  if (isGzip(bytes)) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new UserError(`${name} looks gzipped but cannot be decompressed (${(error as Error).message}); re-download the file.`);
    }
  }
  const fix = 'check that it is an IDX file (such as MNIST train-images-idx3-ubyte) and re-download it if it was cut short.';
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw new UserError(`${name} does not start with the IDX magic number 00 00; ${fix}`);
  const dtype = BY_CODE.get(bytes[2]!);
  if (dtype === undefined) throw new UserError(`${name} has the unknown IDX type code 0x${bytes[2]!.toString(16).padStart(2, '0')}; ${fix}`);
  const ndims = bytes[3]!;
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) throw new UserError(`${name} ends inside its header (${bytes.length} bytes for ${ndims} dimensions); ${fix}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let d = 0; d < ndims; d++) {
    const size = view.getUint32(4 + 4 * d);
    shape.push(size);
    count *= size;
  }
  const info = DTYPES[dtype];
  const expected = headerBytes + count * info.bytes;
  if (bytes.length !== expected) {
    throw new UserError(`${name} has ${bytes.length} bytes but its header (${dtype}, shape [${shape.join(', ')}]) needs ${expected}; ${fix}`);
  }
  const data = info.make(count);
  if (info.bytes === 1) {
    data.set(dtype === 'ubyte' ? bytes.subarray(headerBytes) : new Int8Array(bytes.buffer, bytes.byteOffset + headerBytes, count));
  } else {
    for (let i = 0; i < count; i++) data[i] = info.read(view, headerBytes + i * info.bytes);
  }
  return { dtype, shape, data };
}

/** Serializes to IDX bytes (not gzipped). Throws a plain Error if data and shape disagree. */
export function encodeIdx(array: IdxArray): Uint8Array {
  const info = DTYPES[array.dtype];
  if (info === undefined) throw new Error(`encodeIdx: unknown dtype ${String(array.dtype)}`);
  if (array.shape.length > 255) throw new Error('encodeIdx: at most 255 dimensions');
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) throw new Error(`encodeIdx: shape [${array.shape.join(', ')}] holds ${count} values but data has ${array.data.length}`);
  const headerBytes = 4 + 4 * array.shape.length;
  const bytes = new Uint8Array(headerBytes + count * info.bytes);
  const view = new DataView(bytes.buffer);
  bytes[2] = info.code;
  bytes[3] = array.shape.length;
  array.shape.forEach((size, d) => {
    if (!Number.isInteger(size) || size < 0 || size > 0xffffffff) throw new Error(`encodeIdx: bad dimension size ${size}`);
    view.setUint32(4 + 4 * d, size);
  });
  for (let i = 0; i < count; i++) info.write(view, headerBytes + i * info.bytes, array.data[i]!);
  return bytes;
}

/** Reads an IDX file, gzipped or not (detected from the bytes, not the name). */
export async function readIdx(path: string): Promise<IdxArray> {
  await checkReadableFile(path);
  const bytes = await fsp.readFile(path);
  if (bytes.length === 0) throw new UserError(`${path} is empty; check that the download finished.`);
  return parseIdx(bytes, basename(path));
}

/** Writes an IDX file atomically; gzipped when `gzip` is true (default: the path ends with `.gz`). */
export async function writeIdx(path: string, array: IdxArray, options: { gzip?: boolean } = {}): Promise<void> {
  const bytes = encodeIdx(array);
  await writeFileAtomic(path, options.gzip ?? path.endsWith('.gz') ? gzipSync(bytes) : bytes);
}
