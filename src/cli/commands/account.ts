// `privkit account`: a privacy calculator over the same accountants the methods use.
import { UserError } from '../../errors.js';
import {
  analyticGaussianEpsilon, analyticGaussianSigma, epsilonForSubsampledGaussian, noiseMultiplierForTarget,
} from '../../privacy/index.js';
import { num, str, type Command, type OptionValues } from '../command.js';

type Conversion = 'improved' | 'classic';

interface AccountResult {
  mechanism: string;
  epsilon: number;
  delta: number;
  noiseMultiplier?: number;
  sigma?: number;
  sensitivity?: number;
  order?: number;
  samplingRate?: number;
  steps?: number;
  conversion?: Conversion;
  orders?: string;
}

function need(values: OptionValues, name: string, why: string): number {
  const v = num(values, name);
  if (v === undefined) throw new UserError(`--${name} is required ${why}; run \`privkit account --help\` for the options.`);
  return v;
}

function compute(values: OptionValues): AccountResult {
  const delta = need(values, 'delta', 'for every calculation');
  const conversion = (str(values, 'conversion') ?? 'improved') as Conversion;
  if (values['analytic-gaussian']) {
    const sensitivity = num(values, 'sensitivity') ?? 1;
    const sigma = num(values, 'sigma');
    const epsilon = num(values, 'epsilon');
    if ((sigma === undefined) === (epsilon === undefined)) {
      throw new UserError('With --analytic-gaussian give exactly one of --epsilon (to get the noise σ) or --sigma (to get ε).');
    }
    if (epsilon !== undefined) {
      return { mechanism: 'analytic Gaussian (Balle & Wang 2018)', epsilon, delta, sensitivity, sigma: analyticGaussianSigma({ epsilon, delta, sensitivity }) };
    }
    return { mechanism: 'analytic Gaussian (Balle & Wang 2018)', sigma, delta, sensitivity, epsilon: analyticGaussianEpsilon({ sigma: sigma!, delta, sensitivity }) };
  }
  const samplingRate = need(values, 'sampling-rate', 'for the subsampled Gaussian');
  const steps = need(values, 'steps', 'for the subsampled Gaussian');
  const noise = num(values, 'noise');
  const target = num(values, 'epsilon');
  if ((noise === undefined) === (target === undefined)) {
    throw new UserError('Give exactly one of --noise (to get ε) or --epsilon (to get the noise multiplier).');
  }
  const mechanism = 'Poisson-subsampled Gaussian, RDP accountant';
  const common = { samplingRate, steps, delta, conversion };
  if (noise !== undefined) {
    const r = epsilonForSubsampledGaussian({ noiseMultiplier: noise, ...common });
    return { mechanism, ...common, noiseMultiplier: noise, epsilon: r.epsilon, order: r.order, orders: 'opacus' };
  }
  const mode = (str(values, 'calibration') ?? 'precise') as 'precise' | 'opacus';
  const r = noiseMultiplierForTarget({ epsilon: target!, ...common, mode });
  return { mechanism, ...common, noiseMultiplier: r.noiseMultiplier, epsilon: r.epsilon, order: r.order, orders: 'opacus' };
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return x !== 0 && Math.abs(x) < 1e-3 ? x.toExponential() : Number(x.toPrecision(8)).toString();
}

function describe(r: AccountResult, askedFor: 'epsilon' | 'noise' | 'sigma'): string {
  const lines: string[] = [];
  if (askedFor === 'epsilon') lines.push(`ε = ${fmt(r.epsilon)} at δ = ${fmt(r.delta)}`);
  if (askedFor === 'noise') lines.push(`noise multiplier σ = ${fmt(r.noiseMultiplier!)} (gives ε = ${fmt(r.epsilon)} at δ = ${fmt(r.delta)})`);
  if (askedFor === 'sigma') lines.push(`noise standard deviation σ = ${fmt(r.sigma!)} for ε = ${fmt(r.epsilon)}, δ = ${fmt(r.delta)}, sensitivity ${r.sensitivity}`);
  lines.push(`  mechanism: ${r.mechanism}`);
  if (r.samplingRate !== undefined) lines.push(`  sampling rate q = ${r.samplingRate}, steps = ${r.steps}, noise multiplier = ${fmt(r.noiseMultiplier!)}`);
  if (r.order !== undefined) lines.push(`  optimal RDP order α = ${r.order} (${r.conversion} RDP→(ε, δ) conversion, Opacus default orders)`);
  return `${lines.join('\n')}\n`;
}

export const accountCommand: Command = {
  name: 'account',
  summary: 'Privacy calculator: ε of a noisy training run, the noise for a target ε, or the analytic Gaussian σ.',
  usage: 'privkit account [--noise σ | --epsilon ε] --sampling-rate q --steps T --delta δ  |  privkit account --analytic-gaussian (--epsilon ε | --sigma s) --delta δ [--sensitivity Δ]',
  options: [
    { name: 'noise', type: 'number', valueName: 'σ', description: 'Noise multiplier (noise std / clipping norm) of the subsampled Gaussian; prints ε.' },
    { name: 'epsilon', type: 'number', valueName: 'ε', description: 'Target ε; prints the noise multiplier (or σ with --analytic-gaussian).' },
    { name: 'delta', type: 'number', valueName: 'δ', description: 'Target δ, in (0, 1).' },
    { name: 'sampling-rate', type: 'number', valueName: 'q', description: 'Poisson sampling rate per step (batch size / dataset size), in [0, 1].' },
    { name: 'steps', type: 'number', valueName: 'T', description: 'Number of noisy steps.' },
    { name: 'conversion', type: 'string', choices: ['improved', 'classic'], default: 'improved', description: 'RDP→(ε, δ) conversion: improved (Balle et al. 2020) or classic (Mironov 2017).' },
    { name: 'calibration', type: 'string', choices: ['precise', 'opacus'], default: 'precise', description: 'Noise search: precise (smallest σ meeting ε, to 1e-6) or opacus (Opacus get_noise_multiplier parity).' },
    { name: 'analytic-gaussian', type: 'boolean', default: false, description: 'Use the analytic Gaussian mechanism (one release) instead of the subsampled Gaussian.' },
    { name: 'sigma', type: 'number', valueName: 's', description: 'Noise standard deviation of the analytic Gaussian; prints ε.' },
    { name: 'sensitivity', type: 'number', valueName: 'Δ', default: 1, description: 'L2 sensitivity for --analytic-gaussian.' },
    { name: 'json', type: 'boolean', default: false, description: 'Print one JSON object instead of text.' },
  ],
  examples: [
    'privkit account --noise 1.1 --sampling-rate 0.0042666 --steps 14063 --delta 1e-5',
    'privkit account --epsilon 3 --delta 1e-5 --sampling-rate 0.01 --steps 1000',
    'privkit account --analytic-gaussian --epsilon 1 --delta 1e-5 --sensitivity 1',
  ],
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new UserError(`privkit account takes no file arguments, got '${positionals[0]}'; pass numbers as options.`);
    const r = compute(values);
    if (values.json) {
      io.out(`${JSON.stringify(r)}\n`);
      return 0;
    }
    const askedFor = values['analytic-gaussian'] ? (num(values, 'sigma') === undefined ? 'sigma' : 'epsilon') : num(values, 'noise') === undefined ? 'noise' : 'epsilon';
    io.out(describe(r, askedFor));
    return 0;
  },
};
