// The team's trajectory as the board shows it: the strategy piles from less to more sophisticated,
// how many cards each holds, and, once the sort is over, which anticipated strategies nobody used
// and which piles nobody anticipated (README, "The practice it serves").
import { useCallback, useMemo } from 'react';
import type { Pile } from '#shared/schema/pile.js';
import {
  arrangeAlongTrajectory,
  movePileInTrajectory,
  sortIsOver,
  strategyPiles,
  trajectoryOrder,
  trajectoryOutcome,
} from '#shared/trajectory.js';
import { useBoard, useBoardSorting } from '../../board/session.js';

/** How a pile turned out against what the team anticipated. */
export type TrajectoryFlag = 'anticipatedEmpty' | 'unexpected';

export interface TrajectoryView {
  /** Strategy piles in trajectory order. */
  piles: Pile[];
  /** Cards in each pile, as everyone sees them. */
  counts: ReadonlyMap<string, number>;
  /** Set only once the sort is over: before, an empty anticipated pile is just not sorted into yet. */
  flags: ReadonlyMap<string, TrajectoryFlag>;
  canEdit: boolean;
  /** Moves a pile to `toIndex` of the trajectory (the index it takes once moved), for everyone. */
  move(pileId: string, toIndex: number): void;
  /** Lines the piles up on the board in this order: numbered lanes, keyboard numbers included. */
  arrange(): void;
}

export function useTrajectory(): TrajectoryView {
  const { doc, history, canEdit } = useBoard();
  const { pileMap, sharedCards, protocol, layout } = useBoardSorting();
  const piles = useMemo(() => trajectoryOrder(strategyPiles([...pileMap.values()])), [pileMap]);
  const counts = useMemo(() => {
    const counted = new Map<string, number>();
    for (const card of sharedCards.values()) if (card.pileId) counted.set(card.pileId, (counted.get(card.pileId) ?? 0) + 1);
    return counted;
  }, [sharedCards]);
  const sorted = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const over = sortIsOver(protocol, piles, sorted);
  const flags = useMemo(() => {
    const flagged = new Map<string, TrajectoryFlag>();
    if (!over) return flagged;
    const outcome = trajectoryOutcome(piles, [...sharedCards.values()]);
    for (const pile of outcome.anticipatedEmpty) flagged.set(pile.id, 'anticipatedEmpty');
    for (const pile of outcome.unexpected) flagged.set(pile.id, 'unexpected');
    return flagged;
  }, [over, piles, sharedCards]);
  const move = useCallback(
    (pileId: string, toIndex: number) => {
      if (canEdit) history.change(() => movePileInTrajectory(doc, piles, pileId, toIndex));
    },
    [canEdit, history, doc, piles],
  );
  const arrange = useCallback(() => {
    if (canEdit) history.change(() => arrangeAlongTrajectory(doc, [...pileMap.values()], layout.unsorted));
  }, [canEdit, history, doc, pileMap, layout.unsorted]);
  return { piles, counts, flags, canEdit, move, arrange };
}
