// `privkit predict`: loads a model written by `privkit train --out` and labels images or CSV rows
// (and reports accuracy when the true labels are given). Prediction is post-processing: it spends
// no privacy.
import { UserError } from '../../errors.js';
import { initEngine, tf } from '../../engine/index.js';
import { createEncoder, writeFileAtomic, type Schema } from '../../data/index.js';
import { readIdx } from '../../data/idx.js';
import { readModelFile } from '../../nn/model-file.js';
import { accuracy } from '../../dpsgd/train.js';
import type { LabelledData } from '../../dpsgd/dataset.js';
import { imagesForModel, readLabelledImages, scalePixels } from '../../train/image-data.js';
import { readEncodedTable } from '../../train/table-data.js';
import { str, type Command } from '../command.js';

function predictLabels(model: { apply(x: tf.Tensor, t: null, training: boolean): tf.Tensor }, features: Float32Array, shape: number[], batch = 1000): Int32Array {
  const size = shape.reduce((a, b) => a * b, 1), n = features.length / size;
  const out = new Int32Array(n);
  for (let start = 0; start < n; start += batch) {
    const count = Math.min(batch, n - start);
    const pred = tf.tidy(() => tf.argMax(model.apply(tf.tensor(features.subarray(start * size, (start + count) * size), [count, ...shape]), null, false), -1));
    out.set(pred.dataSync() as Int32Array, start);
    pred.dispose();
  }
  return out;
}

export const predictCommand: Command = {
  name: 'predict',
  summary: 'Label images or CSV rows with a model saved by `privkit train --out` (no privacy cost).',
  usage: 'privkit predict --model model.json (--images X.idx.gz [--labels Y.idx.gz] | --csv data.csv) [--out predictions.csv] [--json]',
  options: [
    { name: 'model', type: 'string', valueName: 'FILE', description: 'Model file written by `privkit train --out` (required).' },
    { name: 'images', type: 'string', valueName: 'FILE', description: 'Images to label (IDX, pixels 0-255).' },
    { name: 'labels', type: 'string', valueName: 'FILE', description: 'True labels of the images (IDX): report the accuracy.' },
    { name: 'csv', type: 'string', valueName: 'FILE', description: 'Rows to label (CSV with a header; if it has the target column, the accuracy is reported).' },
    { name: 'out', type: 'string', valueName: 'FILE', description: 'Write the predicted labels, one per line (CSV with header "prediction").' },
    { name: 'json', type: 'boolean', default: false, description: 'Print the result as JSON.' },
  ],
  async run(values, _positionals, io) {
    const modelPath = str(values, 'model');
    if (!modelPath) throw new UserError('--model is required: pass a file written by `privkit train --out`.');
    const imagesPath = str(values, 'images'), csvPath = str(values, 'csv');
    if ((imagesPath === undefined) === (csvPath === undefined)) throw new UserError('Give exactly one of --images and --csv.');
    await initEngine();
    const { model, file } = await readModelFile(modelPath);
    let predictions: Int32Array, names: string[] | null = null, acc: number | null = null;
    if (imagesPath) {
      if (file.input.kind !== 'image') throw new UserError(`${modelPath} is a model for tables; pass --csv.`);
      const labelsPath = str(values, 'labels');
      const classes = file.architecture.classes;
      let data: LabelledData;
      if (labelsPath) {
        data = await readLabelledImages(imagesPath, labelsPath, classes);
      } else {
        const idx = await readIdx(imagesPath);
        const [, h, w] = idx.shape as number[];
        data = { features: scalePixels(idx.data), exampleShape: [h!, w!, idx.shape[3] ?? 1], labels: new Int32Array(idx.shape[0]!), classes };
      }
      const prepared = imagesForModel(data, file.input, imagesPath);
      predictions = predictLabels(model, prepared.features, [...prepared.exampleShape]);
      if (labelsPath) acc = accuracy(model, prepared);
    } else {
      if (file.input.kind !== 'table') throw new UserError(`${modelPath} is a model for images; pass --images.`);
      const schema = (file.input.encoder as { schema: Schema }).schema;
      const encoding = { encoder: createEncoder(schema), target: file.input.target, classes: file.input.classLabels };
      names = file.input.classLabels;
      // Every row is predicted, in order; rows with a known target value also count towards the accuracy.
      const data = await readEncodedTable(csvPath!, encoding, true, true);
      predictions = predictLabels(model, data.features, [...data.exampleShape]);
      let labelled = 0, correct = 0;
      data.labels.forEach((label, i) => { if (label >= 0) { labelled++; if (predictions[i] === label) correct++; } });
      acc = labelled > 0 ? correct / labelled : null;
    }
    const out = str(values, 'out');
    if (out) await writeFileAtomic(out, `prediction\n${Array.from(predictions, (p) => (names ? names[p] : String(p))).join('\n')}\n`);
    if (values.json) io.out(`${JSON.stringify({ examples: predictions.length, accuracy: acc, out: out ?? null })}\n`);
    else io.out(`Labelled ${predictions.length} examples${acc !== null ? `; accuracy ${acc.toFixed(4)}` : ''}.${out ? ` Wrote ${out}.` : ''}\n`);
    return 0;
  },
};
