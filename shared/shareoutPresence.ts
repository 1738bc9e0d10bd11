// Presenting a share-out: the presenter's presence carries `shareout: { sequenceId, step, pair }`
// (step from 0; `pair` shows that step beside the next, to connect them), and every screen on the
// board shows the same step. Read tolerantly: presence comes from clients we do not control.

export interface ShareoutPresentation {
  sequenceId: string;
  step: number;
  pair: boolean;
}

export function readShareoutPresentation(value: unknown): ShareoutPresentation | null {
  if (typeof value !== 'object' || value === null) return null;
  const { sequenceId, step, pair } = value as Record<string, unknown>;
  if (typeof sequenceId !== 'string' || sequenceId === '' || sequenceId.length > 64) return null;
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > 1000) return null;
  return { sequenceId, step, pair: pair === true };
}
