// The encoders privkit ships (models/, written by `npm run pretrain -- encoder`), by the name of the
// PUBLIC data they were trained on. `--encoder` takes one of these names or a path to an encoder file.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UserError } from '../errors.js';

const ROOT = new URL('../../../', import.meta.url);

/** Public dataset → the shipped encoder file, and the private data it is meant for. */
export const BUNDLED_ENCODERS = {
  'fashion-mnist': { file: 'models/encoder-fashion-mnist.json', use: 'private MNIST-like digits' },
  'mnist-digits': { file: 'models/encoder-mnist-digits.json', use: 'private Fashion-MNIST-like images' },
} as const;
export type BundledEncoder = keyof typeof BUNDLED_ENCODERS;

export function isBundledEncoder(name: string): name is BundledEncoder {
  return Object.hasOwn(BUNDLED_ENCODERS, name);
}

/** A bundled encoder's name → its path; anything else is taken as a path. */
export function encoderPath(nameOrPath: string): string {
  if (!isBundledEncoder(nameOrPath)) return nameOrPath;
  const path = fileURLToPath(new URL(BUNDLED_ENCODERS[nameOrPath].file, ROOT));
  if (!existsSync(path)) throw new UserError(`The bundled encoder '${nameOrPath}' is missing at ${path}; reinstall privkit, or in a checkout of its repository rebuild it with \`npm run pretrain -- encoder --public ${nameOrPath}\`.`);
  return path;
}
