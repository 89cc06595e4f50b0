// The encoder weights file DP-MEPF reads (`--encoder FILE`) and `privkit pretrain encoder` writes:
// JSON with a format name and version, the architecture, the input preprocessing, the public data
// it was trained on and the weights (float32, little-endian, base64, as in privkit's model file).
// An encoder is trained on public data only, so the file carries no privacy record.
import { readFile } from 'node:fs/promises';
import * as tf from '../engine/tf.js';
import { UserError } from '../errors.js';
import { writeFileAtomic } from '../data/atomic-write.js';
import { buildEncoder, encoderArchitectureProblem, type Encoder, type EncoderArchitecture } from './encoder.js';
import { float32FromBase64, float32ToBase64, portableName } from '../nn/model-file.js';

export const ENCODER_FORMAT = 'privkit-encoder';
export const ENCODER_FORMAT_VERSION = 1;

/**
 * Pixels 0–255 → pixel/127.5 − 1 (= 2u − 1 for u = pixel/255 in [0, 1]), the same fixed map as
 * `privkit train`; applied identically to real and generated images (card pitfall P-MEPF-4).
 */
export type EncoderPreprocessing = { pixels: 'pixel/127.5-1' };
export const ENCODER_PREPROCESSING: EncoderPreprocessing = { pixels: 'pixel/127.5-1' };

/** What the encoder was trained on (public data: names and sizes may be stated freely). */
export interface PublicDataRecord {
  name: string;
  images: number;
  classes: number;
  [detail: string]: unknown;
}

export interface EncoderFile {
  format: typeof ENCODER_FORMAT;
  version: number;
  architecture: EncoderArchitecture;
  preprocessing: EncoderPreprocessing;
  publicData: PublicDataRecord;
  training: Record<string, unknown>;
  weights: Array<{ name: string; shape: number[]; data: string }>;
}

function fromBase64(text: string, size: number): Float32Array | null {
  const out = float32FromBase64(text, size);
  return out !== null && out.every(Number.isFinite) ? out : null;
}

export function encoderToFile(encoder: Encoder, publicData: PublicDataRecord, training: Record<string, unknown>): EncoderFile {
  return {
    format: ENCODER_FORMAT, version: ENCODER_FORMAT_VERSION, architecture: encoder.architecture,
    preprocessing: ENCODER_PREPROCESSING, publicData, training,
    weights: encoder.params.map((p) => ({ name: portableName(p.name), shape: [...p.shape], data: float32ToBase64(p.dataSync() as Float32Array) })),
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rebuilds the encoder from parsed JSON; every problem is one UserError sentence naming `source`. */
export function encoderFromFile(json: unknown, source: string): { encoder: Encoder; file: EncoderFile } {
  const bad = (why: string) => new UserError(`${source} is not a usable privkit encoder file (${why}); write one with \`privkit pretrain encoder\`.`);
  if (!isRecord(json) || json.format !== ENCODER_FORMAT) throw bad(`no "format": "${ENCODER_FORMAT}"`);
  if (json.version !== ENCODER_FORMAT_VERSION) throw bad(`format version ${JSON.stringify(json.version)}, this privkit reads version ${ENCODER_FORMAT_VERSION}`);
  if (!isRecord(json.architecture)) throw bad('no architecture');
  const problem = encoderArchitectureProblem(json.architecture as unknown as EncoderArchitecture);
  if (problem) throw bad(problem);
  if (!isRecord(json.preprocessing) || json.preprocessing.pixels !== ENCODER_PREPROCESSING.pixels) throw bad(`unknown input preprocessing, expected pixels "${ENCODER_PREPROCESSING.pixels}"`);
  if (!isRecord(json.publicData) || typeof json.publicData.name !== 'string') throw bad('no record of the public data it was trained on');
  if (!Array.isArray(json.weights)) throw bad('no weights');
  const file = json as unknown as EncoderFile;
  const encoder = buildEncoder(file.architecture, 0);
  try {
    if (file.weights.length !== encoder.params.length) throw bad(`${file.weights.length} weight tensors where the architecture needs ${encoder.params.length}`);
    encoder.params.forEach((p, i) => {
      const w: unknown = file.weights[i];
      if (!isRecord(w) || !Array.isArray(w.shape) || w.shape.join(',') !== p.shape.join(',') || typeof w.data !== 'string') {
        throw bad(`weight ${i + 1} does not have the shape [${p.shape}] the architecture needs`);
      }
      const values = fromBase64(w.data, p.size);
      if (!values) throw bad(`weight ${i + 1} (${String(w.name)}) is damaged: wrong length or non-finite values`);
      const t = tf.tensor(values, p.shape, 'float32');
      p.assign(t);
      t.dispose();
    });
  } catch (error) {
    encoder.dispose();
    throw error;
  }
  return { encoder, file };
}

export async function saveEncoder(path: string, file: EncoderFile): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(file)}\n`);
}

export async function loadEncoder(path: string): Promise<{ encoder: Encoder; file: EncoderFile }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'ENOENT' ? `The encoder file ${path} does not exist; pass a file written by \`privkit pretrain encoder\`.` : `The encoder file ${path} cannot be read (${code ?? 'unknown error'}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`${path} is not a usable privkit encoder file (not valid JSON); write one with \`privkit pretrain encoder\`.`);
  }
  return encoderFromFile(json, path);
}
