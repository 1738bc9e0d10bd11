// Reads a class roster from what a teacher has: a CSV exported from a student information system
// or a gradebook (PowerSchool, Google Classroom, Canvas, Clever, a spreadsheet), or a pasted list
// of names, one per line. Pure: the client previews it, the server could accept it.
import { MAX_SCHOOL_ID, MAX_STUDENT_NAME, type RosterEntry } from './classes.js';

export interface ParsedRoster {
  students: RosterEntry[];
  /** Lines that were skipped, for the teacher to check ("row 7: no name"). */
  skipped: { row: number; reason: string }[];
}

/** Header names, as `headerKey` makes them, that hold each part of a student's name or id. */
const FULL_NAME = ['name', 'studentname', 'fullname', 'student', 'displayname', 'sortablename', 'lastfirst', 'learner'];
const FIRST_NAME = ['firstname', 'first', 'givenname', 'forename', 'preferredfirstname', 'studentfirstname', 'legalfirstname'];
const LAST_NAME = ['lastname', 'last', 'surname', 'familyname', 'studentlastname', 'legallastname'];
const SCHOOL_ID = ['id', 'studentid', 'studentnumber', 'sisid', 'sisuserid', 'localid', 'schoolid', 'studentno', 'number', 'idnumber'];

/** A header as compared: lower case, letters and digits only ("Student First Name" → "studentfirstname"). */
function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Splits CSV text into rows (RFC 4180: quoted fields may hold the delimiter, quotes and line breaks). */
export function parseCsvRows(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The delimiter of the first line: a comma, or the semicolon of European spreadsheets, or a tab. */
function guessDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((delimiter) => ({ delimiter, count: firstLine.split(delimiter).length - 1 }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0] && counts[0].count > 0 ? counts[0].delimiter : ',';
}

interface Columns {
  full: number;
  first: number;
  last: number;
  id: number;
}

function findColumns(header: string[]): Columns | null {
  const keys = header.map(headerKey);
  const find = (names: string[]) => {
    // The earliest-listed name wins ("Student Name" over "Student"), then the leftmost column.
    for (const name of names) {
      const index = keys.indexOf(name);
      if (index >= 0) return index;
    }
    return -1;
  };
  let id = find(SCHOOL_ID);
  // Other languages' and systems' id columns ("Schüler-ID", "Matrikelnummer", "OEN"): any header
  // ending in "id" or "number".
  if (id < 0) id = keys.findIndex((key) => /(id|number|nummer|numero|no)$/.test(key));
  const columns = { full: find(FULL_NAME), first: find(FIRST_NAME), last: find(LAST_NAME), id };
  return columns.full >= 0 || columns.first >= 0 || columns.last >= 0 ? columns : null;
}

/** "Lovelace, Ada" (a gradebook's sortable name) reads "Ada Lovelace". */
function displayOrder(name: string): string {
  const comma = /^([^,]+),\s*([^,]+)$/.exec(name);
  return comma ? `${(comma[2] as string).trim()} ${(comma[1] as string).trim()}` : name;
}

function tidy(value: string | undefined): string {
  return (value ?? '').normalize('NFC').trim().replace(/\s+/g, ' ');
}

/**
 * The students of a roster file or a pasted list. A first line naming columns (name, first/last
 * name, student id, …) picks those columns; without one, every line is a name, and a second
 * column of a two-column list is the school id when the first is the name.
 */
export function parseRoster(text: string): ParsedRoster {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = guessDelimiter(firstLine);
  const rows = parseCsvRows(clean, delimiter);
  const skipped: ParsedRoster['skipped'] = [];
  const students: RosterEntry[] = [];
  const columns = rows[0] ? findColumns(rows[0]) : null;
  const body = columns ? rows.slice(1) : rows;
  const firstRow = columns ? 2 : 1;
  body.forEach((cells, index) => {
    const row = firstRow + index;
    if (cells.every((cell) => tidy(cell) === '')) return;
    let name: string;
    let id: string;
    if (columns) {
      const first = columns.first >= 0 ? tidy(cells[columns.first]) : '';
      const last = columns.last >= 0 ? tidy(cells[columns.last]) : '';
      const full = columns.full >= 0 ? displayOrder(tidy(cells[columns.full])) : '';
      // First and last name together say more than a "Student" column that may hold a code.
      name = first || last ? [first, last].filter(Boolean).join(' ') : full;
      id = columns.id >= 0 ? tidy(cells[columns.id]) : '';
    } else {
      // A list: "Ada Lovelace", "Lovelace, Ada", or either followed by a school id (it has digits).
      // A pasted column from a spreadsheet keeps its tabs even when the first line has none.
      const split = cells.length === 1 && cells[0]?.includes('\t') ? (cells[0] as string).split('\t') : cells;
      const parts = split.map(tidy).filter(Boolean);
      const last = parts[parts.length - 1] ?? '';
      id = parts.length >= 2 && /\d/.test(last) ? last : '';
      name = displayOrder((id ? parts.slice(0, -1) : parts).join(delimiter === '\t' ? ' ' : ', '));
    }
    if (!name) {
      skipped.push({ row, reason: 'no name' });
      return;
    }
    if (name.length > MAX_STUDENT_NAME) {
      skipped.push({ row, reason: `a name longer than ${MAX_STUDENT_NAME} characters` });
      return;
    }
    students.push(id && id.length <= MAX_SCHOOL_ID ? { name, id } : { name });
  });
  return { students, skipped };
}
