// Matching a roster against what was read on a page, or typed ("Who is this?", README "Classes").
import { describe, expect, it } from 'vitest';
import { filterRoster, foldName, rankRoster } from '#shared/nameMatch.js';

const roster = [
  { studentId: 's1', name: 'María López' },
  { studentId: 's2', name: 'Marco Lopes' },
  { studentId: 's3', name: 'Dmitri Ivanov' },
  { studentId: 's4', name: 'Aisha Bello' },
  { studentId: 's5', name: 'Ana Martínez' },
];

describe('names against a roster', () => {
  it('folds accents, case and punctuation away', () => {
    expect(foldName("  María-José O'Neil ")).toBe('maria jose o neil');
  });

  it('ranks the student whose name was read first, despite lost accents and a misread letter', () => {
    expect(rankRoster('Name: Maria Lopez Date: 3/4', roster)[0]?.studentId).toBe('s1');
    expect(rankRoster('Nombre: Dmitri lvanov', roster)[0]?.studentId).toBe('s3');
    const ranked = rankRoster('Name: Marco Lopes', roster).map((match) => match.studentId);
    expect(ranked[0]).toBe('s2');
  });

  it('suggests nobody when nothing like a roster name was read', () => {
    expect(rankRoster('Name: Date:', roster)).toEqual([]);
    expect(rankRoster('Quentin Zhao', roster)).toEqual([]);
    expect(rankRoster('', roster)).toEqual([]);
  });

  it('type-ahead keeps names whose words begin with what was typed, those starting with it first', () => {
    expect(filterRoster('ma', roster).map((student) => student.studentId)).toEqual(['s1', 's2', 's5']);
    expect(filterRoster('ma lo', roster).map((student) => student.studentId)).toEqual(['s1', 's2']);
    expect(filterRoster('mart', roster).map((student) => student.studentId)).toEqual(['s5']);
    expect(filterRoster('lop', roster).map((student) => student.studentId)).toEqual(['s1', 's2']);
    expect(filterRoster('', roster)).toHaveLength(5);
  });
});
