// The five ways of thinking the demo class shows, and how each is drawn.

import { drawBaseTen } from './baseTen.js';
import type { DemoStrategy, StrategyDrawing } from './common.js';
import { drawCompensation } from './compensation.js';
import { drawCountingOn } from './countingOn.js';
import { drawNumberLine } from './numberLine.js';
import { drawStandardAlgorithm } from './standardAlgorithm.js';

export type { DemoStrategy, WorkArea } from './common.js';
export { ADDENDS } from './common.js';

export const STRATEGY_DRAWINGS: Record<DemoStrategy, StrategyDrawing> = {
  'number-line': drawNumberLine,
  'base-ten': drawBaseTen,
  'standard-algorithm': drawStandardAlgorithm,
  compensation: drawCompensation,
  'counting-on': drawCountingOn,
};

export const STRATEGY_LABELS: Record<DemoStrategy, string> = {
  'number-line': 'Number line jumps',
  'base-ten': 'Base-ten sketch',
  'standard-algorithm': 'Standard algorithm',
  compensation: 'Compensation',
  'counting-on': 'Counting on',
};

export const STRATEGIES = Object.keys(STRATEGY_DRAWINGS) as DemoStrategy[];
