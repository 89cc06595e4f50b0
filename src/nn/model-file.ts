// The model file `privkit train --out` writes and `privkit predict` reads (docs/model-format.md):
// JSON with the architecture, the input preparation, the weights (float32, little-endian, base64)
// and the privacy record of the run that produced them.
import { readFile } from 'node:fs/promises';
import * as tf from '../engine/tf.js';
import { UserError } from '../errors.js';
import { buildClassifier, type Architecture, type Classifier } from './models.js';

export const MODEL_FORMAT = 'privkit-model';
export const MODEL_FORMAT_VERSION = 1;

/** How raw inputs become the network's input. */
export type InputPreparation =
  | { kind: 'image'; shape: [number, number, number]; scaling: 'pixel/127.5-1'; flatten: boolean }
  | { kind: 'table'; encoder: unknown; target: string; classLabels: string[] };

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  architecture: Architecture;
  input: InputPreparation;
  weights: Array<{ name: string; shape: number[]; data: string }>;
  privacy: Record<string, unknown>;
  training: Record<string, unknown>;
}

/** float32 values as little-endian base64 (the weight encoding of privkit's model and encoder files). */
export function float32ToBase64(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return Buffer.from(bytes).toString('base64');
}

/** The inverse of float32ToBase64, or null when the text does not hold exactly `size` values. */
export function float32FromBase64(text: string, size: number): Float32Array | null {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== size * 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: size }, (_, i) => view.getFloat32(i * 4, true));
}

function fromBase64(text: string, size: number, name: string): Float32Array {
  const values = float32FromBase64(text, size);
  if (values === null) throw new UserError(`The model file's weight ${name} does not hold the ${size} values its shape needs; the file is damaged.`);
  return values;
}

/** Parameter names without the process-unique prefix (e.g. "conv1/w"). */
export function portableName(name: string): string {
  return name.replace(/^[^/]*#\d+\//, '');
}

export function modelToFile(model: Classifier, input: InputPreparation, privacy: Record<string, unknown>, training: Record<string, unknown>): ModelFile {
  return {
    format: MODEL_FORMAT, version: MODEL_FORMAT_VERSION, architecture: model.architecture, input,
    weights: model.params.map((p) => ({ name: portableName(p.name), shape: [...p.shape], data: float32ToBase64(p.dataSync() as Float32Array) })),
    privacy, training,
  };
}

export function modelFromFile(json: unknown, source: string): { model: Classifier; file: ModelFile } {
  const file = json as ModelFile;
  if (!file || file.format !== MODEL_FORMAT) throw new UserError(`${source} is not a privkit model file (no "format": "${MODEL_FORMAT}"); pass a file written by \`privkit train --out\`.`);
  if (file.version !== MODEL_FORMAT_VERSION) throw new UserError(`${source} has model format version ${file.version}; this privkit reads version ${MODEL_FORMAT_VERSION}.`);
  const model = buildClassifier(file.architecture, 0);
  if (file.weights.length !== model.params.length) throw new UserError(`${source} has ${file.weights.length} weight tensors where its architecture needs ${model.params.length}; the file is damaged.`);
  model.params.forEach((p, i) => {
    const w = file.weights[i]!;
    if (w.shape.join(',') !== p.shape.join(',')) throw new UserError(`${source}: weight ${w.name} has shape [${w.shape}] where the architecture needs [${p.shape}].`);
    const value = tf.tensor(fromBase64(w.data, p.size, w.name), p.shape, 'float32');
    p.assign(value);
    value.dispose();
  });
  return { model, file };
}

/** Reads and rebuilds a model file; a missing or unreadable file is one UserError sentence. */
export async function readModelFile(path: string): Promise<{ model: Classifier; file: ModelFile }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`The model file ${path} does not exist; pass a file written by \`privkit train --out\`.`);
    throw new UserError(`Cannot read the model file ${path}: ${(error as Error).message.split('\n')[0]}.`);
  }
  return modelFromFile(json, path);
}
