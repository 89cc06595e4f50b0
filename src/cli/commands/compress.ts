// `privkit compress`: Dirichlet pruning of a model saved by `privkit train`: rank each layer's
// channels/neurons (Dirichlet switches on the frozen model, or magnitude, or random), keep the
// requested share of the parameters, fine-tune, and write the smaller model. The images given
// here are read WITHOUT privacy: they must be public or already released (e.g. synthetic images);
// the output says so and records it beside the original model's privacy record.
import { UserError } from '../../errors.js';
import * as tf from '../../engine/tf.js';
import { initEngine } from '../../engine/index.js';
import { checkWritableTarget } from '../../data/atomic-write.js';
import { writeFileAtomic } from '../../data/index.js';
import { modelToFile, readModelFile } from '../../nn/model-file.js';
import { imagesForModel, readLabelledImages } from '../../train/image-data.js';
import type { LabelledData } from '../../dpsgd/dataset.js';
import { compressClassifier, prunableLayers, type CompressResult, type RankingMethod } from '../../compress/index.js';
import { num, requiredStr, str, type Command } from '../command.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress, type Progress } from '../progress.js';

const NOT_PRIVATE = 'Compression reads its --train-images and --test-images without privacy: they must be public or already released data (e.g. synthetic images), never the private training data of a DP model.';
const RECORD_NOTE = 'The epsilon and delta above hold for this compressed model only if the compression images were public or already released (the user confirmed so with --public-data); the coordinate counts describe the network before pruning.';

export const compressCommand: Command = {
  name: 'compress',
  summary: 'Prune a saved model to a share of its parameters (Dirichlet pruning) and fine-tune it, on public or already-released images.',
  usage: 'privkit compress --model model.json --train-images X --train-labels Y [--test-images X --test-labels Y] --keep 0.3 --public-data --out small.json [--ranking dirichlet|magnitude|random] [--epochs 5] [--seed S] [--json]',
  options: [
    { name: 'model', type: 'string', valueName: 'FILE', description: 'A model written by `privkit train --out` (a lenet or mlp model).' },
    { name: 'train-images', type: 'string', valueName: 'FILE', description: 'PUBLIC or already-released images (IDX) to learn the ranking and fine-tune on; read without privacy.' },
    { name: 'train-labels', type: 'string', valueName: 'FILE', description: 'Their labels (IDX).' },
    { name: 'test-images', type: 'string', valueName: 'FILE', description: 'Images to report the accuracy on (read without privacy).' },
    { name: 'test-labels', type: 'string', valueName: 'FILE', description: 'Their labels (IDX).' },
    { name: 'keep', type: 'number', valueName: 'F', description: 'Share of the parameters to keep, in (0, 1]; every prunable layer keeps the same share of its units.' },
    { name: 'ranking', type: 'string', choices: ['dirichlet', 'magnitude', 'random'], default: 'dirichlet', description: 'How units are ranked: Dirichlet switches learned on the frozen model, the L1 norm of their weights, or at random.' },
    { name: 'epochs', type: 'number', valueName: 'N', description: 'Fine-tuning epochs at the full rate (default 5), followed by 3 at a tenth of it; 0: no fine-tuning.' },
    { name: 'seed', type: 'number', valueName: 'S', default: 1, description: 'Seed of the switches, shuffling and fine-tuning.' },
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Where to write the pruned model.' },
    { name: 'public-data', type: 'boolean', default: false, description: 'Required: confirms that the --train-images and --test-images are public or already released (they are read without privacy).' },
    { name: 'json', type: 'boolean', default: false, description: 'Print the result as JSON.' },
  ],
  examples: ['privkit compress --model lenet.json --train-images public-images.idx.gz --train-labels public-labels.idx.gz --keep 0.3 --public-data --out small.json'],
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UserError(`privkit compress takes no positional arguments (got '${positionals[0]}').`);
    const need = (name: string) => requiredStr(values, name, 'privkit compress');
    const modelPath = need('model'), out = need('out');
    const keep = num(values, 'keep');
    if (keep === undefined) throw new UserError('--keep is required: the share of the parameters to keep, e.g. --keep 0.3.');
    if (!(keep > 0 && keep <= 1)) throw new UserError(`--keep must be in (0, 1], got ${keep}.`);
    const epochs = num(values, 'epochs');
    if (epochs !== undefined && !(Number.isInteger(epochs) && epochs >= 0)) throw new UserError(`--epochs must be a whole number >= 0, got ${epochs}.`);
    const testImages = str(values, 'test-images'), testLabels = str(values, 'test-labels');
    if ((testImages === undefined) !== (testLabels === undefined)) throw new UserError('Give --test-images and --test-labels together.');
    if (!values['public-data']) throw new UserError('privkit compress reads --train-images and --test-images without privacy; add --public-data to confirm they are public or already released (never the private data of a DP model).');
    await checkWritableTarget(out);
    await initEngine();
    const ranking = (str(values, 'ranking') ?? 'dirichlet') as RankingMethod;
    const { model, file } = await readModelFile(modelPath);
    let result: CompressResult;
    try {
      if (file.input.kind !== 'image') throw new UserError(`${modelPath} is a model for tables; privkit compress prunes image models (lenet or mlp).`);
      if (model.architecture.kind !== 'lenet' && model.architecture.kind !== 'mlp') {
        throw new UserError(`${modelPath} is a ${model.architecture.kind} model, which privkit compress cannot prune; train a lenet or mlp model (privkit train --model lenet).`);
      }
      prunableLayers(model);
      const input = file.input;
      const classes = model.architecture.classes;
      const read = async (images: string, labels: string): Promise<LabelledData> => imagesForModel(await readLabelledImages(images, labels, classes), input, images);
      const train = await read(need('train-images'), need('train-labels'));
      const test = testImages && testLabels ? await read(testImages, testLabels) : undefined;
      io.err(`${NOT_PRIVATE}\n`);
      const interrupt = interruptSignal('Interrupted; no model was written.');
      let bar: Progress | undefined, phase = '';
      try {
        result = await compressClassifier({
          model, train, ...(test ? { test } : {}), keep, ranking, seed: num(values, 'seed')!,
          ...(epochs !== undefined ? { fineTune: { epochs } } : {}),
          onProgress: (p, done, total, layer) => {
            const name = p === 'switches' ? `switches, layer ${(layer ?? 0) + 1}` : 'fine-tuning';
            if (name !== phase) { bar?.done(); bar = createProgress(name, total, io); phase = name; }
            bar!.tick();
            if (done === total) { bar!.done(); bar = undefined; phase = ''; }
          },
          signal: interrupt.signal,
        });
      } finally {
        interrupt.release();
        bar?.done();
      }
    } finally {
      tf.dispose([...model.params]);
    }
    const compression = {
      ranking, keep, kept: result.keep, parameters: { before: result.cost.original.params, after: result.cost.pruned.params },
      multiplyAdds: { before: result.cost.original.multiplyAdds, after: result.cost.pruned.multiplyAdds },
      accuracy: result.accuracy, data: { train: str(values, 'train-images'), test: testImages ?? null, imagesAccounted: false, note: RECORD_NOTE },
    };
    // Test accuracies describe the test images, not the model: printed, not stored (docs/model-format.md).
    const { accuracy: _printedOnly, data: _inPrivacyRecord, ...stored } = compression;
    try {
      await writeFileAtomic(out, `${JSON.stringify(modelToFile(result.model, file.input, { ...file.privacy, compression: compression.data }, { ...file.training, compression: stored }))}\n`);
    } finally {
      tf.dispose([...result.model.params]);
    }
    if (values.json) {
      io.out(`${JSON.stringify({ ...compression, out }, null, 2)}\n`);
      return 0;
    }
    const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)}%`;
    const acc = result.accuracy;
    io.out([
      `Pruned ${modelPath} (${ranking} ranking) to ${out}: units kept per layer ${result.keep.join(', ')}.`,
      `  parameters     ${result.cost.original.params} → ${result.cost.pruned.params} (${pct(result.cost.pruned.params, result.cost.original.params)})`,
      `  multiply-adds  ${result.cost.original.multiplyAdds} → ${result.cost.pruned.multiplyAdds} per example (${pct(result.cost.pruned.multiplyAdds, result.cost.original.multiplyAdds)})`,
      ...(acc ? [`  test accuracy  ${acc.original.toFixed(4)} before, ${acc.pruned.toFixed(4)} pruned, ${acc.fineTuned.toFixed(4)} after fine-tuning`] : []),
      `  ${NOT_PRIVATE}`,
      '',
    ].join('\n'));
    return 0;
  },
};
