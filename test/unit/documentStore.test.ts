// The client's one document store (client/src/sync/documentStore.ts): one observer per document
// and kind, records that keep their identity when a change did not touch them, and listeners that
// hear only of changes to what they read.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createCard, setStudentLabel } from '#shared/schema/card.js';
import { setFocusStudent } from '#shared/schema/focus.js';
import { createPile, updatePile } from '#shared/schema/pile.js';
import { documentStore } from '../../client/src/sync/documentStore.js';

function board() {
  const doc = new Y.Doc();
  for (let i = 0; i < 3; i++) createCard(doc, { student: `S${i}`, pages: [`p${i}`], order: i }, `c${i}`);
  createPile(doc, { title: 'Number line', x: 0, y: 0, w: 400, h: 160 }, 'pA');
  return doc;
}

function counted<T>(store: { subscribe(listener: () => void): () => void; snapshot(): T }) {
  let calls = 0;
  store.subscribe(() => calls++);
  return { calls: () => calls };
}

describe('the document store', () => {
  it('is one store per document, whoever asks', () => {
    const doc = board();
    expect(documentStore(doc)).toBe(documentStore(doc));
    expect(documentStore(doc).cards).toBe(documentStore(doc).cards);
    expect(documentStore(new Y.Doc())).not.toBe(documentStore(doc));
  });

  it('re-reads only the card a change touched; the others keep their identity', () => {
    const doc = board();
    const store = documentStore(doc).cards;
    const before = store.snapshot();
    const heard = counted(store);
    setStudentLabel(doc, 'c1', 'Ada');
    const after = store.snapshot();
    expect(heard.calls()).toBe(1);
    expect(after).not.toBe(before);
    expect(after.get('c1')?.student).toBe('Ada');
    expect(after.get('c0')).toBe(before.get('c0'));
    expect(after.get('c2')).toBe(before.get('c2'));
  });

  it('a deleted card leaves the map; a new one arrives', () => {
    const doc = board();
    const store = documentStore(doc).cards;
    createCard(doc, { student: 'New', pages: ['p9'], order: 9 }, 'c9');
    expect(store.snapshot().get('c9')?.student).toBe('New');
    doc.getMap('cards').delete('c0');
    expect(store.snapshot().has('c0')).toBe(false);
  });

  it('a change to the piles is not heard by those reading the cards', () => {
    const doc = board();
    const cards = counted(documentStore(doc).cards);
    const piles = counted(documentStore(doc).piles);
    const pilesBefore = documentStore(doc).piles.snapshot();
    updatePile(doc, 'pA', { title: 'Counts on' });
    expect(cards.calls()).toBe(0);
    expect(piles.calls()).toBe(1);
    expect(documentStore(doc).piles.snapshot().get('pA')?.title).toBe('Counts on');
    expect(pilesBefore.get('pA')?.title).toBe('Number line');
  });

  it('focus students are told only when the list itself changes', () => {
    const doc = board();
    const store = documentStore(doc).focus;
    const heard = counted(store);
    setFocusStudent(doc, 'c1', true);
    expect(store.snapshot().list).toEqual(['c1']);
    expect(store.snapshot().set.has('c1')).toBe(true);
    expect(heard.calls()).toBe(1);
    // A card's own fields changing does not change who the focus students are.
    setStudentLabel(doc, 'c2', 'Grace');
    expect(heard.calls()).toBe(1);
  });

  it('a value store is shared per kind and re-read after changes to its types', () => {
    const doc = board();
    let reads = 0;
    const read = (d: Y.Doc) => {
      reads++;
      return d.getMap('cards').size;
    };
    const types = (d: Y.Doc) => [d.getMap('cards') as Y.AbstractType<unknown>];
    const first = documentStore(doc).value('cardCount', types, read);
    expect(documentStore(doc).value('cardCount', types, read)).toBe(first);
    expect(first.snapshot()).toBe(3);
    createCard(doc, { student: 'New', pages: ['p9'], order: 9 }, 'c9');
    expect(first.snapshot()).toBe(4);
    expect(reads).toBe(2);
  });
});
