// Training defaults per architecture. The CNN's are Tramèr & Boneh's (2021) for end-to-end DP-SGD
// on Fashion-MNIST (expected batch 2048, 40 epochs, SGD with momentum 0.9, learning rate 4,
// clipping norm 0.1); the others are plain starting points, not tuned on any test set.
export interface TrainingDefaults {
  batchSize: number;
  epochs: number;
  learningRate: number;
  clip: number;
}

export const TRAINING_DEFAULTS: Record<'cnn' | 'lenet' | 'mlp' | 'logistic', TrainingDefaults> = {
  cnn: { batchSize: 2048, epochs: 40, learningRate: 4, clip: 0.1 },
  lenet: { batchSize: 1024, epochs: 20, learningRate: 2, clip: 0.1 },
  mlp: { batchSize: 1024, epochs: 20, learningRate: 2, clip: 0.1 },
  logistic: { batchSize: 1024, epochs: 20, learningRate: 2, clip: 0.1 },
};

/** Non-private training on public data (reference model for magnitude pruning, or initialisation). */
export const PUBLIC_PRETRAINING = { epochs: 5, batchSize: 128, learningRate: 1e-3 };
