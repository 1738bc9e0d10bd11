// Rosters as teachers have them (exports of student information systems and gradebooks, pasted
// lists), and rosters edited later without losing anyone's identity.
import { describe, expect, it } from 'vitest';
import { coverCode, parseCoverCode, replaceRoster, type Student } from '#shared/classes.js';
import { parseRoster } from '#shared/roster.js';

describe('parseRoster', () => {
  it('reads first and last name columns and a student number from an information-system export', () => {
    const csv = '\uFEFFStudent Number,Last Name,First Name,Grade\r\n10234,Lovelace,Ada,4\r\n10235,"Turing, Jr.",Alan,4\r\n';
    expect(parseRoster(csv)).toEqual({
      students: [
        { name: 'Ada Lovelace', id: '10234' },
        { name: 'Alan Turing, Jr.', id: '10235' },
      ],
      skipped: [],
    });
  });

  it('reads a gradebook’s sortable "Last, First" name column and its SIS id', () => {
    const csv = 'Student,ID,SIS User ID,Section\n"Hopper, Grace",55,G-100,Math 4\n"Johnson, Katherine",56,G-101,Math 4\n';
    expect(parseRoster(csv).students).toEqual([
      { name: 'Grace Hopper', id: '55' },
      { name: 'Katherine Johnson', id: '56' },
    ]);
  });

  it('reads semicolon-separated files of European spreadsheets and full-name columns', () => {
    expect(parseRoster('Name;Schüler-ID\nZoë Ångström;A1\nJosé Núñez;A2\n').students).toEqual([
      { name: 'Zoë Ångström', id: 'A1' },
      { name: 'José Núñez', id: 'A2' },
    ]);
  });

  it('reads a pasted list of names, one a line, with an optional id after a comma or tab', () => {
    expect(parseRoster('Ada Lovelace\n\nLovelace, Ada\nAlan Turing\t1002\n').students).toEqual([
      { name: 'Ada Lovelace' },
      { name: 'Ada Lovelace' },
      { name: 'Alan Turing', id: '1002' },
    ]);
  });

  it('skips rows without a name and says which', () => {
    const parsed = parseRoster('First Name,Last Name\nAda,Lovelace\n,\n ,  \nAlan,\n');
    expect(parsed.students).toEqual([{ name: 'Ada Lovelace' }, { name: 'Alan' }]);
    expect(parsed.skipped).toEqual([]);
    expect(parseRoster('Name,Student ID\n,123\n').skipped).toEqual([{ row: 2, reason: 'no name' }]);
  });
});

describe('replaceRoster', () => {
  let next = 0;
  const newId = () => `new${++next}`;
  const previous: Student[] = [
    { studentId: 'a', name: 'Ada Lovelace', id: '1001' },
    { studentId: 'b', name: 'Alan Turing' },
    { studentId: 'c', name: 'Sam Lee', id: '7' },
    { studentId: 'd', name: 'Sam Lee', id: '8' },
  ];

  it('keeps a student found by school id even when renamed, and one found by name in any case and spacing', () => {
    const students = replaceRoster(previous, [{ name: 'Ada King', id: '1001' }, { name: ' alan  turing ' }], newId);
    expect(students).toEqual([
      { studentId: 'a', name: 'Ada King', id: '1001' },
      { studentId: 'b', name: 'alan turing' },
    ]);
  });

  it('tells two students of one name apart by school id, and gives a newcomer a new id', () => {
    const students = replaceRoster(
      previous,
      [
        { name: 'Sam Lee', id: '8' },
        { name: 'Sam Lee', id: '7' },
        { name: 'Sam Lee', id: '9' },
      ],
      newId,
    );
    expect(students.map((student) => student.studentId)).toEqual(['d', 'c', expect.stringMatching(/^new/)]);
  });

  it('never gives one old student’s id to two new entries', () => {
    const students = replaceRoster(previous, [{ name: 'Alan Turing' }, { name: 'Alan Turing' }], newId);
    expect(students[0]?.studentId).toBe('b');
    expect(students[1]?.studentId).not.toBe('b');
  });
});

describe('cover codes', () => {
  it('name the class and the student, and nothing else reads as one', () => {
    expect(parseCoverCode(coverCode('abc123', 's9'))).toEqual({ classId: 'abc123', studentId: 's9' });
    expect(parseCoverCode('https://example.com/WS1:C:abc:S:def')).toBeNull();
    expect(parseCoverCode('WS1:C:ABC:S:def')).toBeNull();
  });
});
