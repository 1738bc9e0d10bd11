// Share-out sequences and the trajectory (shared/schema/sequence.ts, shared/trajectory.ts): the
// document shape the contract names, tolerant reads of hostile data, live edits by two people, and
// the export's `sequences` and pile `order`.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { exportModelOfDoc } from '#shared/exportModel.js';
import { createCard, placeCard } from '#shared/schema/card.js';
import { initBoard } from '#shared/schema/migrations.js';
import { NOT_SURE_YET_PILE_ID } from '#shared/schema/notSureYet.js';
import { createPile, listPiles } from '#shared/schema/pile.js';
import {
  addStep,
  boardSequences,
  createSequence,
  getSequence,
  listSequences,
  moveStep,
  removeStep,
  stepNote,
  updateStep,
} from '#shared/schema/sequence.js';
import { layoutSortBoard } from '#shared/sortLayout.js';
import {
  arrangeAlongTrajectory,
  markAnticipated,
  movePileInTrajectory,
  nextTrajectoryPlace,
  setTrajectory,
  sortIsOver,
  stepsInTrajectoryOrder,
  trajectoryOrder,
  trajectoryOutcome,
} from '#shared/trajectory.js';
import { dropIndex } from '../../client/src/ui/useListDrag.js';

function board() {
  const doc = new Y.Doc();
  initBoard(doc, { title: 'Add 48 + 27', task: 'Solve two ways' });
  const pile = (title: string, extra: { anticipated?: boolean } = {}) => createPile(doc, { title, x: 0, y: 0, w: 300, h: 200, ...extra });
  const piles = {
    countingOn: pile('Counts on', { anticipated: true }),
    countingAll: pile('Counts all', { anticipated: true }),
    compensating: pile('Compensates', { anticipated: true }),
    decomposing: pile('Decomposes'),
  };
  const card = (student: string, pileId: string | null) => {
    const id = createCard(doc, { student, pages: ['a'.repeat(32), 'b'.repeat(32)] });
    placeCard(doc, id, { pileId, x: 0, y: 0 });
    return id;
  };
  const cards = {
    ana: card('Ana', piles.countingOn),
    ben: card('Ben', piles.countingAll),
    cai: card('Cai', piles.decomposing),
    dev: card('Dev', null),
  };
  return { doc, piles, cards };
}

/** Two replicas kept in sync both ways, as two people's browsers through the server. */
function connected(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
  a.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(b, update, 'remote'));
  b.on('update', (update: Uint8Array, origin: unknown) => origin !== 'remote' && Y.applyUpdate(a, update, 'remote'));
}

describe('the trajectory', () => {
  it('orders piles less to more sophisticated; unordered piles follow by title', () => {
    const { doc, piles } = board();
    setTrajectory(doc, [piles.countingAll, piles.countingOn]);
    expect(trajectoryOrder(listPiles(doc)).map((pile) => pile.title)).toEqual(['Counts all', 'Counts on', 'Compensates', 'Decomposes']);
    movePileInTrajectory(doc, listPiles(doc), piles.decomposing, 2);
    expect(trajectoryOrder(listPiles(doc)).map((pile) => pile.title)).toEqual(['Counts all', 'Counts on', 'Decomposes', 'Compensates']);
    expect(
      listPiles(doc)
        .map((pile) => pile.order)
        .sort(),
    ).toEqual([1, 2, 3, 4]);
  });

  it('tells which anticipated strategies stayed empty and which piles nobody anticipated', () => {
    const { doc } = board();
    const outcome = trajectoryOutcome(listPiles(doc), [...boardCardsOf(doc)]);
    expect(outcome.anticipatedEmpty.map((pile) => pile.title)).toEqual(['Compensates']);
    expect(outcome.unexpected.map((pile) => pile.title)).toEqual(['Decomposes']);
  });

  it('leaves the built-in "Not sure yet" pile out: it is no strategy', () => {
    const { doc, piles, cards } = board();
    createPile(doc, { title: 'Not sure yet', x: 0, y: 0, w: 300, h: 200 }, NOT_SURE_YET_PILE_ID);
    placeCard(doc, cards.dev, { pileId: NOT_SURE_YET_PILE_ID, x: 0, y: 0 });
    movePileInTrajectory(doc, listPiles(doc), piles.decomposing, 0);
    expect(listPiles(doc).find((pile) => pile.id === NOT_SURE_YET_PILE_ID)?.order).toBeNull();
    const outcome = trajectoryOutcome(listPiles(doc), [...boardCardsOf(doc)]);
    expect(outcome.unexpected.map((pile) => pile.title)).toEqual(['Decomposes']);
  });

  it('places a newly anticipated strategy after the last one ordered', () => {
    const { doc, piles } = board();
    expect(nextTrajectoryPlace(listPiles(doc))).toBe(1);
    setTrajectory(doc, [piles.countingAll, piles.countingOn]);
    expect(nextTrajectoryPlace(listPiles(doc))).toBe(3);
  });

  it('lines the piles up in trajectory order, clear of the unsorted area, so their numbers follow it', () => {
    const { doc, piles } = board();
    createPile(doc, { title: 'Not sure yet', x: 0, y: 900, w: 300, h: 200 }, NOT_SURE_YET_PILE_ID);
    setTrajectory(doc, [piles.countingAll, piles.countingOn, piles.decomposing, piles.compensating]);
    // Every pile was made at (0, 0), over the unsorted area.
    const unsorted = layoutSortBoard({ cards: [], piles: listPiles(doc) }).unsorted;
    arrangeAlongTrajectory(doc, listPiles(doc), unsorted);
    const layout = layoutSortBoard({ cards: [], piles: listPiles(doc) });
    const titles = new Map(listPiles(doc).map((pile) => [pile.id, pile.title]));
    expect(layout.readingOrder.map((id) => titles.get(id))).toEqual([
      'Counts all',
      'Counts on',
      'Decomposes',
      'Compensates',
      'Not sure yet',
    ]);
    for (const pile of listPiles(doc)) expect(pile.x).toBeGreaterThanOrEqual(unsorted.x + unsorted.w);
  });

  it('marks a strategy anticipated in step 1 with its place', () => {
    const { doc, piles } = board();
    markAnticipated(doc, piles.decomposing, 7);
    expect(listPiles(doc).find((pile) => pile.id === piles.decomposing)).toMatchObject({ anticipated: true, order: 7 });
  });

  it('tells the outcome only once the sort is over', () => {
    const { doc } = board();
    const piles = listPiles(doc);
    expect(sortIsOver({ active: true, phase: 'sort' }, piles, 3)).toBe(false);
    expect(sortIsOver({ active: true, phase: 'trends' }, piles, 3)).toBe(true);
    expect(sortIsOver({ active: true, phase: 'nextSteps' }, piles, 0)).toBe(true);
    // Without the protocol: once work is sorted, if anything had been anticipated.
    expect(sortIsOver({ active: false, phase: 'task' }, piles, 0)).toBe(false);
    expect(sortIsOver({ active: false, phase: 'task' }, piles, 1)).toBe(true);
    expect(sortIsOver({ active: false, phase: 'task' }, [{ anticipated: false }], 5)).toBe(false);
  });

  it('drops a dragged item where the marker said, counted once it has left its place', () => {
    // Four items; the first dropped after the third lands third (index 2).
    expect(dropIndex(0, 2, true)).toBe(2);
    expect(dropIndex(0, 2, false)).toBe(1);
    expect(dropIndex(3, 0, false)).toBe(0);
    expect(dropIndex(3, 1, true)).toBe(2);
    expect(dropIndex(1, 1, false)).toBe(1);
  });

  it('reads a hostile order as no order', () => {
    const { doc, piles } = board();
    (doc.getMap('piles').get(piles.countingOn) as Y.Map<unknown>).set('order', 'first');
    expect(listPiles(doc).find((pile) => pile.id === piles.countingOn)?.order).toBeNull();
  });
});

function boardCardsOf(doc: Y.Doc) {
  return exportModelOfDoc(doc, { boardId: 'b', exportedAt: '' }).piles.flatMap((pile) => pile.cards.map(() => ({ pileId: pile.id })));
}

describe('share-out sequences', () => {
  it('keep steps in order with their page, region, note and question', () => {
    const { doc, cards } = board();
    const id = createSequence(doc, '  Share-out, Tuesday ', [
      { cardId: cards.ben, note: 'Counting all first' },
      { cardId: cards.ana, page: 1, region: { x: 0.1, y: 0.2, w: 0.5, h: 0.3 }, question: 'Where did 48 go?' },
    ]);
    const sequence = getSequence(doc, id);
    expect(sequence?.title).toBe('Share-out, Tuesday');
    expect(sequence?.steps.map(({ cardId, page, region, note, question }) => ({ cardId, page, region, note, question }))).toEqual([
      { cardId: cards.ben, page: 0, region: null, note: 'Counting all first', question: '' },
      { cardId: cards.ana, page: 1, region: { x: 0.1, y: 0.2, w: 0.5, h: 0.3 }, note: '', question: 'Where did 48 go?' },
    ]);
    // The document shape is the contract's: a Y.Array of Y.Maps with a Y.Text note.
    const stored = (boardSequences(doc).get(id)?.get('steps') as Y.Array<Y.Map<unknown>> | undefined)?.get(0);
    expect(stored?.get('note')).toBeInstanceOf(Y.Text);
    expect(stored?.get('cardId')).toBe(cards.ben);
  });

  it('reorders, edits and removes steps by id; a moved step keeps its id, note and question', () => {
    const { doc, cards } = board();
    const id = createSequence(doc, 'S');
    const first = addStep(doc, id, { cardId: cards.ana, note: 'A' }) as string;
    const second = addStep(doc, id, { cardId: cards.ben, question: 'Why?' }) as string;
    addStep(doc, id, { cardId: cards.cai }, 0);
    moveStep(doc, id, second, 0);
    expect(getSequence(doc, id)?.steps.map((step) => step.cardId)).toEqual([cards.ben, cards.cai, cards.ana]);
    expect(getSequence(doc, id)?.steps[0]).toMatchObject({ id: second, question: 'Why?' });
    updateStep(doc, id, first, { region: { x: 0.5, y: 0.5, w: 2, h: 2 }, question: '  ' });
    expect(getSequence(doc, id)?.steps[2]?.region).toEqual({ x: 0.5, y: 0.5, w: 0.5, h: 0.5 });
    stepNote(doc, id, first)?.insert(1, ' and B');
    expect(getSequence(doc, id)?.steps[2]?.note).toBe('A and B');
    removeStep(doc, id, first);
    expect(getSequence(doc, id)?.steps.map((step) => step.id)).not.toContain(first);
    expect(getSequence(doc, id)?.steps).toHaveLength(2);
  });

  it('two people adding steps at once both keep theirs, live', () => {
    const a = board();
    const b = new Y.Doc();
    connected(a.doc, b);
    const id = createSequence(a.doc, 'Together');
    expect(getSequence(b, id)?.title).toBe('Together');
    a.doc.transact(() => addStep(a.doc, id, { cardId: a.cards.ana }));
    addStep(b, id, { cardId: a.cards.ben });
    expect(getSequence(a.doc, id)?.steps.map((step) => step.cardId)).toEqual([a.cards.ana, a.cards.ben]);
    expect(getSequence(b, id)?.steps).toEqual(getSequence(a.doc, id)?.steps);
  });

  it('tolerates hostile data: steps without a card, bad pages, regions and titles', () => {
    const { doc, cards } = board();
    const record = new Y.Map<unknown>();
    record.set('title', 42);
    const steps = new Y.Array<unknown>();
    const good = new Y.Map<unknown>();
    good.set('cardId', cards.ana);
    good.set('page', -3);
    good.set('region', { x: 'no' });
    steps.push([7, 'x', new Y.Map(), good]);
    record.set('steps', steps);
    boardSequences(doc).set('hostile', record);
    boardSequences(doc).set('junk', 'not a map' as unknown as Y.Map<unknown>);
    expect(listSequences(doc)).toEqual([
      { id: 'hostile', title: '', steps: [{ id: 'step-3', cardId: cards.ana, page: 0, region: null, note: '', question: '' }] },
    ]);
  });

  it('follow the trajectory by default: by the pile of each step’s card, unsorted last', () => {
    const { doc, piles, cards } = board();
    setTrajectory(doc, [piles.countingAll, piles.countingOn, piles.decomposing]);
    const steps = [cards.dev, cards.cai, cards.ana, cards.ben].map((cardId) => ({ cardId }));
    const cardList = exportModelOfDoc(doc, { boardId: 'b', exportedAt: '' });
    const placed = [
      ...cardList.piles.flatMap((pile) => pile.cards.map((card) => ({ id: card.id, pileId: pile.id }))),
      { id: cards.dev, pileId: null },
    ];
    expect(stepsInTrajectoryOrder(steps, placed, listPiles(doc)).map((step) => step.cardId)).toEqual([
      cards.ben,
      cards.ana,
      cards.cai,
      cards.dev,
    ]);
  });
});

describe('the JSON export', () => {
  it('carries each pile’s order, piles in trajectory order, and the sequences', () => {
    const { doc, piles, cards } = board();
    setTrajectory(doc, [piles.countingAll, piles.countingOn]);
    const id = createSequence(doc, 'Tuesday', [{ cardId: cards.ben, question: 'How did you count?' }, { cardId: 'deleted-card' }]);
    const model = exportModelOfDoc(doc, { boardId: 'b', exportedAt: '2026-12-06T00:00:00.000Z' });
    expect(model.piles.map((pile) => [pile.title, pile.order])).toEqual([
      ['Counts all', 1],
      ['Counts on', 2],
      ['Compensates', null],
      ['Decomposes', null],
    ]);
    // A step whose card was deleted is left out rather than pointing at nothing.
    expect(model.sequences).toEqual([
      { id, title: 'Tuesday', steps: [{ cardId: cards.ben, page: 0, region: null, note: '', question: 'How did you count?' }] },
    ]);
  });
});
