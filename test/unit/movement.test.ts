// Who moved where between two boards, the flow chart's geometry, the next steps handed on as a
// checklist, and the same task's strategies lined up across classrooms: pure logic in shared/.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type BoardDistribution, groupByTask, strategyRows } from '#shared/classComparison.js';
import { type ClassMovement, flowsBetween, layoutFlows, stopKey, summarizeFlows } from '#shared/movement.js';
import { carryNextSteps, listCarriedSteps, setCarriedStepDone, splitNextSteps } from '#shared/schema/carriedSteps.js';

const movement: ClassMovement = {
  title: 'Room 12',
  namesHidden: false,
  boards: [
    {
      id: 'b1',
      title: 'September',
      task: '',
      createdAt: 1,
      piles: [
        { id: 'p-on', title: 'Counts on', color: '#0072b2', order: 2 },
        { id: 'p-all', title: 'Counts all', color: '#e69f00', order: 1 },
      ],
    },
    {
      id: 'b2',
      title: 'October',
      task: '',
      createdAt: 2,
      piles: [
        { id: 'q-on', title: 'counts  ON', color: '#0072b2', order: null },
        { id: 'q-dec', title: 'Decomposes', color: '#009e73', order: null },
      ],
    },
  ],
  students: [
    {
      studentId: 's1',
      label: 'Ada',
      placements: [
        { cardId: 'c1', pileId: 'p-all' },
        { cardId: 'd1', pileId: 'q-on' },
      ],
    },
    {
      studentId: 's2',
      label: 'Alan',
      placements: [
        { cardId: 'c2', pileId: 'p-all' },
        { cardId: 'd2', pileId: 'q-on' },
      ],
    },
    {
      studentId: 's3',
      label: 'Grace',
      placements: [
        { cardId: 'c3', pileId: 'p-on' },
        { cardId: 'd3', pileId: 'q-on' },
      ],
    },
    { studentId: 's4', label: 'Kath', placements: [{ cardId: 'c4', pileId: 'gone' }, null] },
    { studentId: 's5', label: 'Mary', placements: [null, { cardId: 'd5', pileId: 'q-dec' }] },
    { studentId: 's6', label: 'Nobody', placements: [null, null] },
  ],
};

describe('movement between two boards', () => {
  it('groups students by the pair of places they took, in trajectory order, a lost pile counting as unsorted', () => {
    const flows = flowsBetween(movement, 0, 1);
    expect(flows.map((flow) => [stopKey(flow.from), stopKey(flow.to), flow.students.map((one) => one.label)])).toEqual([
      ['pile:p-all', 'pile:q-on', ['Ada', 'Alan']],
      ['pile:p-on', 'pile:q-on', ['Grace']],
      ['unsorted', 'absent', ['Kath']],
      ['absent', 'pile:q-dec', ['Mary']],
    ]);
    // Piles titled alike (any case or spacing) are the same strategy.
    expect(summarizeFlows(flows)).toEqual({ stayed: 1, moved: 2, joined: 1, left: 1 });
    expect(flowsBetween(movement, 0, 5)).toEqual([]);
  });

  it('lays out boxes as tall as their students and bands whose ends fill each box without overlapping', () => {
    const flows = flowsBetween(movement, 0, 1);
    const layout = layoutFlows(flows, movement.boards[0] as never, movement.boards[1] as never, { unit: 10, gap: 5, minHeight: 15 });
    expect(layout.left.map((node) => [stopKey(node.stop), node.count, node.y, node.height])).toEqual([
      ['pile:p-all', 2, 0, 20],
      ['pile:p-on', 1, 25, 15],
      ['unsorted', 1, 45, 15],
      ['absent', 1, 65, 15],
    ]);
    expect(layout.right.map((node) => [stopKey(node.stop), node.count, node.y, node.height])).toEqual([
      ['pile:q-on', 3, 0, 30],
      ['pile:q-dec', 1, 35, 15],
      ['absent', 1, 55, 15],
    ]);
    expect(layout.height).toBe(80);
    const into = layout.bands.filter((band) => stopKey(band.flow.to) === 'pile:q-on');
    expect(into.map((band) => [band.toY, band.toHeight])).toEqual([
      [0, 20],
      [20, 10],
    ]);
    // A one-student box taller than one student gives that student its whole height.
    const grace = layout.bands.find((band) => band.flow.students[0]?.label === 'Grace');
    expect([grace?.fromY, grace?.fromHeight]).toEqual([25, 15]);
  });
});

describe('next steps carried forward', () => {
  it('splits next steps into one step per line, list marks and blank lines dropped', () => {
    expect(splitNextSteps('- Ten frames\n\n2) Count on\n• Jumps of ten\na. Model with base ten')).toEqual([
      'Ten frames',
      'Count on',
      'Jumps of ten',
      'Model with base ten',
    ]);
    expect(splitNextSteps('Reteach with a number line, then re-assess on Friday.')).toEqual([
      'Reteach with a number line, then re-assess on Friday.',
    ]);
    expect(splitNextSteps('   \n')).toEqual([]);
  });

  it('writes the checklist in pile order and keeps each tick', () => {
    const doc = new Y.Doc();
    const written = carryNextSteps(doc, { id: 'b1', title: 'September' }, [
      { title: 'Counts all', color: '#e69f00', nextSteps: 'Ten frames\nCount on' },
      { title: 'Counts on', color: '#0072b2', nextSteps: 'Jumps of ten' },
    ]);
    expect(written).toBe(3);
    const steps = listCarriedSteps(doc);
    expect(steps.map((step) => `${step.pileTitle}: ${step.text}`)).toEqual([
      'Counts all: Ten frames',
      'Counts all: Count on',
      'Counts on: Jumps of ten',
    ]);
    setCarriedStepDone(doc, steps[2]?.id as string, true);
    expect(listCarriedSteps(doc).map((step) => step.done)).toEqual([false, false, true]);
    // Junk under the map is skipped, not shown.
    doc.getMap('carriedSteps').set('junk', 'not a record');
    expect(listCarriedSteps(doc)).toHaveLength(3);
  });
});

describe('the same task across classrooms', () => {
  const board = (classId: string, task: string, createdAt: number, piles: [string, number][], unsorted = 0): BoardDistribution => ({
    classId,
    classTitle: classId,
    boardId: `${classId}-${createdAt}`,
    boardTitle: `Board ${createdAt}`,
    task,
    createdAt,
    total: piles.reduce((sum, [, count]) => sum + count, unsorted),
    unsorted,
    piles: piles.map(([title, count]) => ({ title, color: '#0072b2', order: null, count })),
  });

  it('groups boards by task words, one board per class (its latest), the most widely given task first', () => {
    const groups = groupByTask(
      [
        board('A', 'Solve 48 + 27', 1, [['Counts all', 3]]),
        board('A', 'Measure the room', 2, [['Rulers', 3]]),
        board('B', ' solve 48  + 27', 3, [['Counts all', 1]]),
        board('B', 'Solve 48 + 27', 4, [['Counts all', 2]]),
      ],
      ['B', 'A'],
    );
    expect(groups.map((group) => [group.task, group.boards.map((one) => one.boardId)])).toEqual([
      ['Solve 48 + 27', ['B-4', 'A-1']],
      ['Measure the room', ['A-2']],
    ]);
  });

  it('lines strategies up across classes by title, with each class’s share, unsorted last', () => {
    const rows = strategyRows(
      {
        task: 'Solve',
        boards: [
          board(
            'A',
            'Solve',
            1,
            [
              ['Counts all', 3],
              ['Decomposes', 1],
            ],
            0,
          ),
          board(
            'B',
            'Solve',
            2,
            [
              ['decomposes', 2],
              ['Compensates', 1],
            ],
            1,
          ),
        ],
      },
      'Not sorted yet',
    );
    expect(rows.map((row) => [row.title, row.counts, row.shares])).toEqual([
      ['Counts all', [3, null], [0.75, null]],
      ['Decomposes', [1, 2], [0.25, 0.5]],
      ['Compensates', [null, 1], [null, 0.25]],
      ['Not sorted yet', [0, 1], [0, 0.25]],
    ]);
  });
});
