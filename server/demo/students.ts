// The demo class: names as children write them (first name, last initial) and how each child
// writes — size, lean, neatness, pencil or pen.

import type { Hand } from './handwriting.js';
import type { Ink } from './page.js';
import { between, chance, pick, type Random, shuffle, wobble } from './random.js';

// Invented names from many backgrounds, accents included, because real rosters have them and
// file names, sorting and name masking must cope.
const FIRST_NAMES = (
  'Ana DeShawn Mei José Aaliyah Liam Sofía Mohammed Chloé Kai Priya Mateo Zoë Jamal Hana Nicolás Olivia Ngozi Ethan Camila ' +
  'Dmitri Amara Lucas Siobhán Xavier Leilani François Aroha Wei Isabella Noah Fatima Malik Inés Björn Emre Tamar Santiago Keanu Ayesha'
).split(' ');

const INITIALS = 'ABCDEFGHIJKLMNOPRSTVWYZ';

/** `count` distinct names like "Ana M.", in the order the papers come off the pile. */
export function rosterNames(random: Random, count: number): string[] {
  const names = new Set<string>();
  const firsts = shuffle(random, FIRST_NAMES);
  for (let index = 0; names.size < count; index++) {
    const first = firsts[index % firsts.length] ?? 'Sam';
    const name = `${first} ${pick(random, [...INITIALS])}.`;
    names.add(name);
  }
  return [...names];
}

export function chooseHand(random: Random): Hand {
  return {
    size: between(random, 48, 64),
    slant: between(random, -0.06, 0.2),
    wobble: between(random, 0.3, 0.8),
    spacing: between(random, 1.9, 3.2),
    unevenness: between(random, 0.8, 2),
    drift: wobble(random, 0.025),
  };
}

export function chooseInk(random: Random): Ink {
  // Most second graders use pencil; a few grab a pen.
  if (chance(random, 0.85)) {
    const grey = Math.round(between(random, 0x30, 0x50));
    const hex = grey.toString(16).padStart(2, '0');
    return {
      colour: `#${hex}${hex}${(grey + 6).toString(16).padStart(2, '0')}`,
      width: between(random, 3, 4.4),
      opacity: between(random, 0.8, 0.93),
      graphite: true,
    };
  }
  return { colour: pick(random, ['#1f2d6b', '#1c1c22', '#243a8a']), width: between(random, 2.5, 3.2), opacity: 0.95, graphite: false };
}
