// privkit's public library surface: the same functions the `privkit` command calls.
export * from './engine/index.js';
export * from './privacy/index.js';
export * from './data/index.js';
export * as features from './features/index.js';
export { UserError, isUserError } from './errors.js';
export * as bayes from './bayes/index.js';
export * as mepf from './mepf/index.js';
export * as dirichlet from './dirichlet/index.js';
export * as explain from './explain/index.js';
export * as compress from './compress/index.js';
