// Protocol mode's pure logic: the state as stored (tolerant of hostile data), the facilitator's
// moves and the shared timer, what each phase owns when locked, the private-first layers and their
// disagreement view, the built-in "Not sure yet" pile, and pile names that sound like ability tiers.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { agreedPlacements, compareLayers, openDisagreementFrom, openDisagreements } from '#shared/disagreements.js';
import { lockingPhase, matches, refusalFor } from '#shared/protocolLocks.js';
import {
  clockOffset,
  discussCard,
  elapsedMs,
  endProtocol,
  formatClock,
  goToPhase,
  nextPhase,
  pauseTimer,
  previousPhase,
  remainingMs,
  setPhaseLock,
  setPhaseMinutes,
  setPrivateSort,
  startProtocol,
  startTimer,
} from '#shared/protocolSession.js';
import { createCard } from '#shared/schema/card.js';
import { ensureNotSureYetPile, NOT_SURE_YET_PILE_ID } from '#shared/schema/notSureYet.js';
import { createPile, listPiles } from '#shared/schema/pile.js';
import {
  clearPrivateSort,
  markSettled,
  placePrivately,
  privatePlacementsMap,
  readPrivateLayers,
  readSettled,
  setPrivateSorter,
} from '#shared/schema/privateSort.js';
import { boardProtocol, DEFAULT_PHASE_MINUTES, type ProtocolState, readProtocol, writeProtocol } from '#shared/schema/protocol.js';
import { layoutSortBoard } from '#shared/sortLayout.js';
import { applyTemplate } from '#shared/templates.js';
import { looksLikeTier, tierReminderShown, tierWords } from '#shared/tierNames.js';

const NO_LOCKS = { task: false, sort: false, trends: false, nextSteps: false };

function apply(doc: Y.Doc, patch: Partial<ProtocolState>): ProtocolState {
  writeProtocol(doc, patch);
  return readProtocol(doc);
}

describe('protocol state', () => {
  it('a board not yet in protocol mode reads as phase 1 with the session plan’s minutes: 5, 35, 10, 20', () => {
    const state = readProtocol(new Y.Doc());
    expect(state).toEqual({
      active: false,
      phase: 'task',
      minutes: { task: 5, sort: 35, trends: 10, nextSteps: 20 },
      timer: { startedAt: null, elapsedMs: 0 },
      locks: NO_LOCKS,
      privateSort: 'off',
      discussing: null,
    });
    expect(DEFAULT_PHASE_MINUTES).toEqual(state.minutes);
  });

  it('wrong-typed or hostile fields read as defaults, never throw', () => {
    const doc = new Y.Doc();
    const map = boardProtocol(doc);
    map.set('active', 'yes');
    map.set('phase', 'party');
    map.set('minutes', { task: -3, sort: 'long', trends: 1e9, nextSteps: 12.4 });
    map.set('locks', [true, true]);
    map.set('timerStartedAt', Number.NaN);
    map.set('timerElapsedMs', -50);
    map.set('privateSort', 'secret');
    map.set('discussing', 42);
    expect(readProtocol(doc)).toEqual({
      active: false,
      phase: 'task',
      minutes: { task: 1, sort: 35, trends: 240, nextSteps: 12 },
      timer: { startedAt: null, elapsedMs: 0 },
      locks: NO_LOCKS,
      privateSort: 'off',
      discussing: null,
    });
  });

  it('the card under discussion is cleared when the private sort ends or the protocol does', () => {
    const doc = new Y.Doc();
    apply(doc, setPrivateSort('revealed'));
    expect(apply(doc, discussCard('card-1')).discussing).toBe('card-1');
    expect(apply(doc, setPrivateSort('off')).discussing).toBeNull();
    apply(doc, discussCard('card-2'));
    expect(apply(doc, endProtocol()).discussing).toBeNull();
  });

  it('writing a patch writes only the keys that change', () => {
    const doc = new Y.Doc();
    let state = apply(doc, startProtocol(readProtocol(doc)));
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    writeProtocol(doc, { phase: state.phase, active: true });
    expect(updates).toHaveLength(0);
    state = apply(doc, nextPhase(state, 0));
    expect(state.phase).toBe('sort');
    expect(updates).toHaveLength(1);
  });
});

describe('the facilitator’s moves and the shared timer', () => {
  const t0 = 1_700_000_000_000;

  it('a started timer counts down from the phase’s minutes on every screen, pauses and resumes', () => {
    const doc = new Y.Doc();
    let state = apply(doc, startProtocol(readProtocol(doc)));
    expect(remainingMs(state, t0)).toBe(5 * 60_000);
    state = apply(doc, startTimer(state, t0));
    expect(remainingMs(state, t0 + 61_000)).toBe(5 * 60_000 - 61_000);
    state = apply(doc, pauseTimer(state, t0 + 61_000));
    expect(state.timer).toEqual({ startedAt: null, elapsedMs: 61_000 });
    // Paused: the clock stands still however long the break.
    expect(remainingMs(state, t0 + 600_000)).toBe(5 * 60_000 - 61_000);
    state = apply(doc, startTimer(state, t0 + 600_000));
    expect(elapsedMs(state.timer, t0 + 610_000)).toBe(71_000);
  });

  it('next and previous walk the four phases in order and restart the timer for the new phase', () => {
    const doc = new Y.Doc();
    let state = apply(doc, startProtocol(readProtocol(doc)));
    state = apply(doc, startTimer(state, t0));
    const seen = [state.phase];
    for (let i = 0; i < 4; i++) {
      state = apply(doc, nextPhase(state, t0 + 1000 * (i + 1)));
      seen.push(state.phase);
    }
    expect(seen).toEqual(['task', 'sort', 'trends', 'nextSteps', 'nextSteps']);
    // Still running, from the full time of next steps.
    expect(remainingMs(state, t0 + 3000)).toBe(20 * 60_000);
    state = apply(doc, previousPhase(state, t0 + 5000));
    expect(state.phase).toBe('trends');
    state = apply(doc, pauseTimer(state, t0 + 6000));
    state = apply(doc, goToPhase(state, 'task', t0 + 7000));
    expect(state.timer).toEqual({ startedAt: null, elapsedMs: 0 });
    expect(previousPhase(state, t0)).toEqual({});
  });

  it('minutes set by the facilitator are clamped to whole minutes between 1 and 240', () => {
    const doc = new Y.Doc();
    let state = readProtocol(doc);
    state = apply(doc, setPhaseMinutes(state, 'sort', 40.4));
    state = apply(doc, setPhaseMinutes(state, 'task', 0));
    expect(state.minutes).toEqual({ task: 1, sort: 40, trends: 10, nextSteps: 20 });
  });

  it('a device clock minutes off is corrected from the server’s Date header; one within two seconds is left alone', () => {
    const sent = 1_700_000_000_000;
    // The server's clock reads 3 minutes later than this device's; the answer took 200 ms.
    expect(clockOffset(sent + 180_000 - 400, sent, sent + 200)).toBe(180_000);
    expect(clockOffset(sent - 95_000, sent, sent + 100)).toBe(-94_550);
    expect(clockOffset(sent, sent, sent + 100)).toBe(0);
    expect(clockOffset(Number.NaN, sent, sent + 100)).toBe(0);
  });

  it('the clock reads minutes and seconds, and counts how far over time a phase ran', () => {
    expect(formatClock(35 * 60_000)).toBe('35:00');
    expect(formatClock(61_500)).toBe('1:02');
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-90_000)).toBe('+1:30');
  });
});

describe('what a locked phase owns', () => {
  const locked = (phase: keyof typeof NO_LOCKS) => ({ ...NO_LOCKS, [phase]: true });

  it('a locked sort refuses card moves, new or deleted cards and piles, and private layers, but not tags or pile geometry', () => {
    const locks = locked('sort');
    expect(lockingPhase(['cards', 'c1', 'pileId'], locks)).toBe('sort');
    expect(lockingPhase(['cards', 'c1', 'order'], locks)).toBe('sort');
    expect(lockingPhase(['cards', 'c1'], locks)).toBe('sort');
    expect(lockingPhase(['piles', 'p1'], locks)).toBe('sort');
    expect(lockingPhase(['privateSortPlacements'], locks)).toBe('sort');
    expect(lockingPhase(['cards', 'c1', 'tags'], locks)).toBeNull();
    expect(lockingPhase(['cards', 'c1', 'rotations', 'a1'], locks)).toBeNull();
    expect(lockingPhase(['piles', 'p1', 'x'], locks)).toBeNull();
    expect(lockingPhase(['piles', 'p1', 'description'], locks)).toBeNull();
  });

  it('locked trends refuse pile titles and descriptions; locked next steps refuse next steps; locked task refuses the task and exemplar', () => {
    expect(lockingPhase(['piles', 'p1', 'title'], locked('trends'))).toBe('trends');
    expect(lockingPhase(['piles', 'p1', 'description'], locked('trends'))).toBe('trends');
    expect(lockingPhase(['piles', 'p1', 'nextSteps'], locked('trends'))).toBeNull();
    expect(lockingPhase(['piles', 'p1', 'nextSteps'], locked('nextSteps'))).toBe('nextSteps');
    expect(lockingPhase(['meta', 'task'], locked('task'))).toBe('task');
    expect(lockingPhase(['exemplar'], locked('task'))).toBe('task');
    expect(lockingPhase(['meta', 'title'], locked('task'))).toBeNull();
    expect(lockingPhase(['cards', 'c1', 'pileId'], NO_LOCKS)).toBeNull();
  });

  it('exact patterns match only the whole path; others match anything under them', () => {
    expect(matches({ path: ['cards', '*'], exact: true }, ['cards', 'c1'])).toBe(true);
    expect(matches({ path: ['cards', '*'], exact: true }, ['cards', 'c1', 'tags'])).toBe(false);
    expect(matches({ path: ['exemplar'] }, ['exemplar'])).toBe(true);
    expect(matches({ path: ['piles', '*', 'title'] }, ['piles'])).toBe(false);
  });

  it('only the owner changes the protocol; nobody deletes the Not sure yet pile; the reason names what was refused', () => {
    expect(refusalFor([['protocol', 'phase']], 'editor', NO_LOCKS)).toMatch(/facilitator/);
    expect(refusalFor([['protocol', 'phase']], 'owner', NO_LOCKS)).toBeNull();
    expect(refusalFor([['piles', NOT_SURE_YET_PILE_ID]], 'owner', NO_LOCKS)).toMatch(/Not sure yet/);
    expect(refusalFor([['piles', NOT_SURE_YET_PILE_ID, 'title']], 'editor', NO_LOCKS)).toBeNull();
    expect(
      refusalFor(
        [
          ['cards', 'c1', 'tags'],
          ['cards', 'c1', 'pileId'],
        ],
        'owner',
        locked('sort'),
      ),
    ).toBe('the sort phase is locked by the facilitator');
    // A close reason must fit in a WebSocket close frame (123 bytes).
    for (const phase of ['task', 'sort', 'trends', 'nextSteps'] as const) {
      const reason = refusalFor(
        [[...{ task: ['exemplar'], sort: ['cards', 'c'], trends: ['piles', 'p', 'title'], nextSteps: ['piles', 'p', 'nextSteps'] }[phase]]],
        'editor',
        locked(phase),
      );
      expect(new TextEncoder().encode(reason ?? '').byteLength).toBeGreaterThan(0);
      expect(new TextEncoder().encode(reason ?? '').byteLength).toBeLessThanOrEqual(123);
    }
  });

  it('setting a lock keeps the others', () => {
    const state = readProtocol(new Y.Doc());
    expect(setPhaseLock({ ...state, locks: locked('task') }, 'sort', true)).toEqual({ locks: { ...NO_LOCKS, task: true, sort: true } });
  });
});

describe('private-first layers and the disagreement view', () => {
  function board() {
    const doc = new Y.Doc();
    const piles = ['numberLine', 'baseTen', 'counting'];
    for (const id of piles) createPile(doc, { title: id, x: 0, y: 0, w: 300, h: 200 }, id);
    for (const id of ['c1', 'c2', 'c3', 'c4']) createCard(doc, { student: id, pages: [] }, id);
    setPrivateSorter(doc, { id: 'ana', name: 'Ana', color: '#d7263d' });
    setPrivateSorter(doc, { id: 'ben', name: 'Ben', color: '#1b998b' });
    setPrivateSorter(doc, { id: 'cai', name: 'Cai', color: '#2e86ab' });
    const place = (who: string, entries: [string, string | null][]) =>
      placePrivately(doc, who, new Map(entries.map(([card, pileId], order) => [card, { pileId, order }])));
    place('ana', [
      ['c1', 'numberLine'],
      ['c2', 'baseTen'],
      ['c3', 'counting'],
    ]);
    place('ben', [
      ['c1', 'numberLine'],
      ['c2', 'counting'],
      ['c3', null],
    ]);
    place('cai', [
      ['c1', 'numberLine'],
      ['c2', 'counting'],
      ['c4', 'gone'],
    ]);
    return { doc, piles: new Set(piles) };
  }

  it('each person’s placements are kept on their own layer, with their name', () => {
    const { doc } = board();
    const layers = readPrivateLayers(doc);
    expect([...layers.keys()].sort()).toEqual(['ana', 'ben', 'cai']);
    expect(layers.get('ben')?.name).toBe('Ben');
    expect(layers.get('ben')?.placements.get('c2')).toEqual({ pileId: 'counting', order: 1 });
    expect(layers.get('ben')?.placements.get('c3')).toEqual({ pileId: null, order: 2 });
  });

  it('a card placed in different piles is a disagreement naming who put it where; unsorted and deleted piles are not votes', () => {
    const { doc, piles } = board();
    const comparisons = compareLayers(['c1', 'c2', 'c3', 'c4'], readPrivateLayers(doc).values(), piles);
    expect(comparisons.map((c) => c.cardId)).toEqual(['c1', 'c2', 'c3']);
    const c2 = comparisons.find((c) => c.cardId === 'c2');
    expect(c2?.disagreement).toBe(true);
    expect(c2?.votes.map((vote) => [vote.pileId, vote.people.map((person) => person.name)])).toEqual([
      ['counting', ['Ben', 'Cai']],
      ['baseTen', ['Ana']],
    ]);
    expect(comparisons.find((c) => c.cardId === 'c3')?.disagreement).toBe(false);
    expect(agreedPlacements(comparisons)).toEqual(
      new Map([
        ['c1', 'numberLine'],
        ['c3', 'counting'],
      ]),
    );
    expect(openDisagreements(comparisons, readSettled(doc)).map((c) => c.cardId)).toEqual(['c2']);
    markSettled(doc, 'c2', 'baseTen');
    expect(openDisagreements(comparisons, readSettled(doc))).toEqual([]);
  });

  it('hostile placements are skipped; clearing forgets every layer and decision', () => {
    const { doc } = board();
    privatePlacementsMap(doc).set('no-separator', { pileId: 'numberLine', order: 0 });
    privatePlacementsMap(doc).set('ana/c9', 'numberLine');
    privatePlacementsMap(doc).set('ana/c8', { pileId: 7 });
    expect(readPrivateLayers(doc).get('ana')?.placements.size).toBe(3);
    markSettled(doc, 'c2', 'baseTen');
    clearPrivateSort(doc);
    expect(readPrivateLayers(doc).size).toBe(0);
    expect(readSettled(doc).size).toBe(0);
  });
});

describe('the built-in Not sure yet pile', () => {
  it('a template board has it once, beside the template’s piles, in the board’s language', () => {
    const doc = new Y.Doc();
    applyTemplate(doc, 'mastery', 'es');
    expect(ensureNotSureYetPile(doc, 'es')).toBe(true);
    expect(ensureNotSureYetPile(doc, 'es')).toBe(false);
    const piles = listPiles(doc);
    expect(piles).toHaveLength(4);
    const layout = layoutSortBoard({ cards: [], piles });
    expect(layout.readingOrder.map((id) => piles.find((pile) => pile.id === id)?.title)).toEqual([
      'Logrado',
      'Parcialmente logrado',
      'Todavía no',
      'Aún no estamos seguros',
    ]);
  });
});

describe('pile names that sound like ability tiers', () => {
  it('flags tiers in English and Spanish', () => {
    for (const title of [
      'High',
      'low group',
      'Medium',
      'Level 1',
      'tier 2',
      'Got it!',
      "Didn't get it",
      'below grade level',
      'Above grade',
      'Struggling',
      'Strugglers',
      'the strong kids',
      'Grupo alto',
      'Bajo',
      'Nivel 3',
      'Lo entendió',
      'No lo entienden',
      'Con dificultades',
      'Por debajo del grado',
      'Avanzados',
    ]) {
      expect(looksLikeTier(title), title).toBe(true);
    }
    expect(tierWords('The HIGH group')).toBe('high');
  });

  it('leaves names of thinking alone', () => {
    for (const title of [
      'Counts on by ones on a number line',
      'Decomposes by place value',
      'Compensation',
      'Standard algorithm',
      'Makes a ten first',
      'Not sure yet',
      'Suma por medio de decenas',
      'Recta numérica',
      'Descompone por valor posicional',
      'Follows the tens, then the ones',
      'Top-down: tens first',
      '',
    ]) {
      expect(looksLikeTier(title), title).toBe(false);
    }
  });

  it('a pile keeps its reminder until renamed for the thinking or dismissed for that very name', () => {
    expect(tierReminderShown({ title: 'High', tierReminderDismissed: '' })).toBe(true);
    expect(tierReminderShown({ title: 'High', tierReminderDismissed: 'high ' })).toBe(false);
    // Dismissed for "High", renamed to another tier: the reminder is back.
    expect(tierReminderShown({ title: 'Level 2', tierReminderDismissed: 'High' })).toBe(true);
    expect(tierReminderShown({ title: 'Adds tens, then ones', tierReminderDismissed: '' })).toBe(false);
  });

  it('the card the facilitator put in front of the team, once settled, gives way to the next one still open', () => {
    const disputed = (cardId: string) => ({ cardId, votes: [], disagreement: true });
    const all = ['a', 'b', 'c'].map(disputed);
    const open = (settled: string[]) => all.filter((comparison) => !settled.includes(comparison.cardId));
    expect(openDisagreementFrom('b', all, open([]))?.cardId).toBe('b');
    expect(openDisagreementFrom('b', all, open(['b']))?.cardId).toBe('c');
    // Past the last one, round to the first still open.
    expect(openDisagreementFrom('c', all, open(['b', 'c']))?.cardId).toBe('a');
    expect(openDisagreementFrom('a', all, open(['a', 'b', 'c']))).toBeNull();
    expect(openDisagreementFrom(null, all, open([]))).toBeNull();
  });
});
