import type { LinearOp } from '../../nn/layer.js';
import { conv2dRule } from './conv2d.js';
import { denseRule } from './dense.js';
import { embeddingRule } from './embedding.js';
import type { PerExampleRule } from './rule.js';
import { scaleShiftRule } from './scale-shift.js';
import { simplexScaleRule } from './simplex-scale.js';

export type { ClipFactors, ParamMasks, PerExampleRule } from './rule.js';

const RULES: Record<LinearOp['kind'], PerExampleRule> = {
  dense: denseRule,
  conv2d: conv2dRule,
  scaleShift: scaleShiftRule,
  embedding: embeddingRule,
  simplexScale: simplexScaleRule,
};

export function ruleFor(op: LinearOp): PerExampleRule {
  return RULES[op.kind];
}
