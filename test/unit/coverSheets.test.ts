// Splitting an upload at cover sheets, and reading their codes without any network.
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { splitAtBlankSeparators, withoutBlankBacks } from '../../server/assets/ingest/blankPages.js';
import { readQrTexts, ZXING_READER_WASM } from '../../server/assets/ingest/coverCodes.js';
import { cardsFromCoverSplit, splitAtCoverSheets } from '../../server/assets/ingest/coverSheets.js';

const ada = { studentId: 'a', name: 'Ada' };
const alan = { studentId: 'b', name: 'Alan' };
const page = (id: string, extra: { cover?: typeof ada; blank?: boolean } = {}) => ({ id, blank: false, ...extra });

describe('splitAtCoverSheets', () => {
  it('starts a student’s card at each cover sheet, across files, and leaves the cover sheets out', () => {
    const split = splitAtCoverSheets([
      { pages: [page('x1'), page('c1', { cover: ada }), page('a1')] },
      { pages: [page('a2')] },
      { pages: [page('c2', { cover: alan }), page('b1'), page('b2')] },
    ]);
    expect(split?.before).toEqual([{ fileIndex: 0, pages: [page('x1')] }]);
    expect(split?.students.map((one) => [one.student.name, one.pages.map((p) => p.id)])).toEqual([
      ['Ada', ['a1', 'a2']],
      ['Alan', ['b1', 'b2']],
    ]);
  });

  it('is null without any cover sheet, so the upload is grouped as before', () => {
    expect(splitAtCoverSheets([{ pages: [page('x1'), page('x2')] }])).toBeNull();
  });

  it('drops blank backs, and a student with only blank pages gets a card marked as showing no work', () => {
    const split = splitAtCoverSheets([
      {
        pages: [
          page('c1', { cover: ada }),
          page('back', { blank: true }),
          page('a1'),
          page('c2', { cover: alan }),
          page('empty', { blank: true }),
          page('c3', { cover: ada }),
        ],
      },
    ]);
    if (!split) throw new Error('no split');
    const result = cardsFromCoverSplit(
      split,
      () => ({ cards: [], skippedBlankPages: 0 }),
      (student, pages, noWorkShown) => ({ student: student.name, pages: pages.map((p) => p.id), noWorkShown }),
    );
    expect(result.cards).toEqual([
      { student: 'Ada', pages: ['a1'], noWorkShown: false },
      { student: 'Alan', pages: ['empty'], noWorkShown: true },
    ]);
    // Three cover sheets and Ada's blank back.
    expect(result.skippedBlankPages).toBe(4);
  });
});

describe('readQrTexts', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reads a turned, askew code with its WebAssembly from node_modules, never from the network', async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('no network in the ingest')));
    vi.stubGlobal('fetch', fetchSpy);
    expect(ZXING_READER_WASM).toMatch(/node_modules\/zxing-wasm\/dist\/reader\/zxing_reader\.wasm$/);
    const code = await QRCode.toBuffer('WS1:C:abc:S:def', { errorCorrectionLevel: 'Q', width: 220, margin: 4 });
    const photo = await sharp({ create: { width: 900, height: 1200, channels: 3, background: '#efeee8' } })
      .composite([{ input: code, left: 330, top: 480 }])
      .rotate(183, { background: '#6b5a48' })
      .jpeg({ quality: 60 })
      .toBuffer();
    expect(await readQrTexts(photo)).toEqual(['WS1:C:abc:S:def']);
    expect(
      await readQrTexts(
        await sharp({ create: { width: 300, height: 300, channels: 3, background: '#fff' } })
          .png()
          .toBuffer(),
      ),
    ).toEqual([]);
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});

describe('blank pages without cover sheets', () => {
  const p = (id: string, blank = false) => ({ id, blank });

  it('drops the blank backs of a duplex scan, but keeps a blank front and the backs of a one-sided scan', () => {
    // Three of four backs blank: a duplex scan. The third sheet has work on its back.
    const duplex = [p('f1'), p('b1', true), p('f2', true), p('b2', true), p('f3'), p('b3'), p('f4'), p('b4', true)];
    expect(withoutBlankBacks(duplex).pages.map((x) => x.id)).toEqual(['f1', 'f2', 'f3', 'b3', 'f4']);
    const oneSided = [p('1'), p('2'), p('3', true), p('4')];
    expect(withoutBlankBacks(oneSided)).toEqual({ pages: oneSided, dropped: 0 });
  });

  it('splits at runs of blank separator sheets, across files', () => {
    const { groups, separators } = splitAtBlankSeparators([
      { label: '', pages: [p('a1'), p('a2'), p('s', true), p('s', true), p('b1')] },
      { label: 'Cleo', pages: [p('b2')] },
      { label: '', pages: [p('s', true), p('c1')] },
    ]);
    expect(groups.map((group) => group.pages.map((x) => x.id))).toEqual([['a1', 'a2'], ['b1', 'b2'], ['c1']]);
    expect(separators).toBe(3);
  });
});
