// `privkit pretrain encoder`: pre-trains DP-MEPF's encoder, NON-privately, on PUBLIC labelled
// images and writes the versioned encoder file that `privkit synth --method mepf --encoder FILE`
// reads. Nothing here is accounted: never pass private images.
import { UserError } from '../../errors.js';
import { initEngine } from '../../engine/index.js';
import { checkWritableTarget } from '../../data/atomic-write.js';
import { readLabelledImages } from '../../train/image-data.js';
import { DEFAULT_ENCODER_CHANNELS, DEFAULT_PRETRAINING, encoderChannelsError, pretrainEncoder, saveEncoder } from '../../mepf/index.js';
import { num, numberList, requiredStr, str, type Command } from '../command.js';
import { interruptSignal } from '../interrupt.js';
import { createProgress } from '../progress.js';

const pretrainEncoderCommand: Command = {
  name: 'pretrain encoder',
  summary: 'Pre-train a DP-MEPF encoder on PUBLIC labelled images (no privacy: never pass private data).',
  usage: 'privkit pretrain encoder --public-images images.idx.gz --public-labels labels.idx.gz --out encoder.json [--classes 10] [--channels 32,64,128] [--epochs 3] [--batch-size 128] [--lr 0.001] [--seed 1] [--name TEXT]',
  options: [
    { name: 'public-images', type: 'string', valueName: 'FILE', description: 'Public images (IDX, gzipped or not, pixels 0..255); their shape becomes the encoder\'s input shape.' },
    { name: 'public-labels', type: 'string', valueName: 'FILE', description: 'Their labels (IDX, 0..classes-1).' },
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Where to write the encoder file (JSON).' },
    { name: 'classes', type: 'number', valueName: 'C', default: 10, description: 'Number of classes of the public labels.' },
    { name: 'channels', type: 'string', valueName: 'C1,C2,…', default: DEFAULT_ENCODER_CHANNELS.join(','), description: 'Filters of each convolution stage (a 2×2 max-pool between stages): more filters give DP-MEPF more features and cost time in every synthesis step; n stages need a height and width divisible by 2^(n−1).' },
    { name: 'epochs', type: 'number', valueName: 'N', default: DEFAULT_PRETRAINING.epochs, description: 'Passes over the public images.' },
    { name: 'batch-size', type: 'number', valueName: 'N', default: DEFAULT_PRETRAINING.batchSize, description: 'Images per Adam step.' },
    { name: 'lr', type: 'number', valueName: 'X', default: DEFAULT_PRETRAINING.learningRate, description: 'Adam learning rate.' },
    { name: 'seed', type: 'number', valueName: 'S', default: DEFAULT_PRETRAINING.seed, description: 'Seed of the initialisation and the shuffling.' },
    { name: 'name', type: 'string', valueName: 'TEXT', description: 'Name of the public dataset, recorded in the file (default: the images\' file name).' },
  ],
  examples: ['privkit pretrain encoder --public-images fashion-train-images.idx.gz --public-labels fashion-train-labels.idx.gz --out encoder.json'],
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UserError(`privkit pretrain encoder takes no positional arguments (got '${positionals[0]}'); give the data with --public-images and --public-labels.`);
    const need = (name: string) => requiredStr(values, name, 'privkit pretrain encoder');
    const images = need('public-images'), labels = need('public-labels'), out = need('out');
    for (const name of ['epochs', 'batch-size', 'classes'] as const) {
      const v = num(values, name)!, min = name === 'classes' ? 2 : 1;
      if (!(Number.isInteger(v) && v >= min)) throw new UserError(`--${name} must be a whole number >= ${min}, got ${v}.`);
    }
    // Checked before the public images are read; their shape is checked by pretrainEncoder.
    const channelsText = str(values, 'channels')!, channels = numberList(channelsText);
    const badChannels = encoderChannelsError(channels, channelsText);
    if (badChannels) throw badChannels;
    const lr = num(values, 'lr')!;
    if (!(lr > 0 && Number.isFinite(lr))) throw new UserError(`--lr must be a positive number, got ${lr}.`);
    await checkWritableTarget(out);
    await initEngine();
    const data = await readLabelledImages(images, labels, num(values, 'classes')!);
    const epochs = num(values, 'epochs')!, batchSize = num(values, 'batch-size')!;
    const bar = createProgress('pre-training', epochs * Math.ceil(data.labels.length / batchSize), io);
    const interrupt = interruptSignal('Interrupted; no encoder file was written.');
    let result: Awaited<ReturnType<typeof pretrainEncoder>>;
    try {
      result = await pretrainEncoder({
        data, publicName: str(values, 'name') ?? images, epochs,
        channels: channels!, batchSize, learningRate: lr, seed: num(values, 'seed')!,
        onProgress: () => bar.tick(), signal: interrupt.signal,
      });
    } finally {
      interrupt.release();
      bar.done();
    }
    try {
      await saveEncoder(out, result.file);
    } finally {
      result.encoder.dispose();
    }
    io.out(`Wrote the encoder to ${out} (trained on ${result.file.publicData.images} public images; training loss ${result.loss.before.toFixed(3)} → ${result.loss.after.toFixed(3)}). No privacy was spent: the images must be public.\n`);
    return 0;
  },
};

export const pretrainCommand: Command = {
  name: 'pretrain',
  summary: 'Pre-train models on PUBLIC data for the private methods (DP-MEPF\'s encoder).',
  usage: 'privkit pretrain encoder [options]',
  options: [],
  subcommands: [pretrainEncoderCommand],
  async run() {
    return 1; // never called: main dispatches to a sub-command
  },
};
