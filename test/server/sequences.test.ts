// Share-out sequences over HTTP: the class's read-only link shows the sequence's steps and nothing
// else of the board, names masked on the work itself; it is revocable; the sequence prints as a
// PDF with one page per step and each step downloads as a PNG.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { setNameBand } from '#shared/schema/batch.js';
import { createCard, placeCard } from '#shared/schema/card.js';
import { addPin } from '#shared/schema/comments.js';
import { createPile } from '#shared/schema/pile.js';
import { createSequence } from '#shared/schema/sequence.js';
import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import {
  type CreatedBoard,
  connectClient,
  createBoard,
  startServer,
  type TestServer,
  tryUpgrade,
  waitFor,
  waitForSync,
} from '../fixtures/server.js';

/** A page whose name band (the top eighth) is solid red and whose work is a black square. */
async function namedPage(seed: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1040">
    <rect width="100%" height="100%" fill="#ffffff"/>
    <rect x="0" y="0" width="800" height="130" fill="#ff0000"/>
    <rect x="${200 + seed * 10}" y="500" width="300" height="300" fill="#000000"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** Share of strongly red pixels in the top `rows` rows of an image. */
async function redShareOfTop(image: Buffer, rows: number): Promise<number> {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  const pixels = Math.min(rows, info.height) * info.width;
  for (let i = 0; i < pixels; i++) {
    const [r, g, b] = [data[i * 3] ?? 0, data[i * 3 + 1] ?? 0, data[i * 3 + 2] ?? 0];
    if (r > 200 && g < 80 && b < 80) red++;
  }
  return red / pixels;
}

async function pdfText(bytes: ArrayBuffer): Promise<{ pages: number; landscape: boolean; text: string }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  const texts: string[] = [];
  let landscape = true;
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , width = 0, height = 0] = page.view;
    landscape &&= width > height;
    const content = await page.getTextContent();
    texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const pages = pdf.numPages;
  await pdf.destroy();
  return { pages, landscape, text: texts.join('\n') };
}

let server: TestServer;
let board: CreatedBoard;
let other: CreatedBoard;
let doc: Y.Doc;
let sequenceId: string;
let otherSequenceId: string;
const cards = { ana: '', ben: '', cai: '' };
const cleanups: (() => unknown)[] = [];

const call = (method: string, path: string, token: string | null) =>
  fetch(`${server.url}${path}`, { method, headers: token ? { authorization: `Bearer ${token}` } : {} });

async function share(sequence = sequenceId): Promise<{ token: string; url: string }> {
  const response = await call('POST', `/api/boards/${board.id}/sequences/${sequence}/share`, board.tokens.editor);
  expect(response.status).toBe(201);
  return (await response.json()) as { token: string; url: string };
}

beforeAll(async () => {
  server = await startServer();
  cleanups.push(() => server.close());
  board = await createBoard(server.url, { title: 'Add 48 + 27', task: 'Solve two ways' });
  other = await createBoard(server.url, { title: 'Another class' });
  const pages: string[] = [];
  for (const seed of [1, 2, 3]) {
    const bytes = await namedPage(seed);
    const assetId = pageAssetId(bytes);
    await storePageImage(server.app.assets, board.id, bytes, assetId);
    pages.push(assetId);
  }
  const client = connectClient(server.wsUrl, board.id, board.tokens.editor);
  cleanups.push(() => client.provider.destroy());
  await waitForSync(client.provider);
  doc = client.doc;
  doc.transact(() => {
    const countingOn = createPile(doc, { title: 'Counts on', x: 0, y: 0, w: 300, h: 200 });
    cards.ana = createCard(doc, { student: 'Ana Secretname', pages: [pages[0] as string] });
    cards.ben = createCard(doc, { student: 'Ben Hiddenname', pages: [pages[1] as string] });
    cards.cai = createCard(doc, { student: 'Cai Notshown', pages: [pages[2] as string] });
    placeCard(doc, cards.ana, { pileId: countingOn, x: 0, y: 0 });
    // The band the team marked for this upload: where the red name is.
    setNameBand(doc, 'default', { x: 0, y: 0, w: 1, h: 0.13 });
    addPin(doc, {
      cardId: cards.cai,
      page: pages[2] as string,
      region: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 },
      text: 'Private team comment',
      author: { name: 'Coach', color: '#000000' },
    });
    sequenceId = createSequence(doc, 'Share-out, Tuesday', [
      { cardId: cards.ben, note: 'Counting all first: everyone can follow it', question: 'How did this student count?' },
      { cardId: cards.ana, region: { x: 0.25, y: 0.45, w: 0.5, h: 0.4 }, note: 'Then counting on', question: 'Where did 48 go?' },
    ]);
    otherSequenceId = createSequence(doc, 'Another day', [{ cardId: cards.cai }]);
  });
  await waitFor(
    async () => (await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}`, board.tokens.viewer)).status === 200,
    'the server has the sequence',
  );
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the class link of a sequence', () => {
  it('shows the steps in order with their notes and questions, and the work with the name band masked', async () => {
    const { token, url } = await share();
    expect(url).toBe(`/share/${board.id}/${sequenceId}#token=${token}`);
    const response = await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}`, token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { title: string; steps: { image: string; note: string; question: string }[] };
    expect(body.title).toBe('Share-out, Tuesday');
    expect(body.steps.map((step) => [step.note, step.question])).toEqual([
      ['Counting all first: everyone can follow it', 'How did this student count?'],
      ['Then counting on', 'Where did 48 go?'],
    ]);
    const [whole, cropped] = body.steps.map((step) => Buffer.from(step.image.replace(/^data:image\/jpeg;base64,/, ''), 'base64'));
    // The original page's top is red (the name); the shared picture's top is not.
    expect(await redShareOfTop(await namedPage(2), 100)).toBeGreaterThan(0.9);
    expect(await redShareOfTop(whole as Buffer, 100)).toBeLessThan(0.01);
    // The second step is its region of the page only: half the width, four tenths of the height.
    const meta = await sharp(cropped as Buffer).metadata();
    expect(meta.width).toBe(400);
    expect(meta.height).toBe(416);
  });

  it('reaches nothing else: not the board, its exports, images, other sequences, other boards or the live sync', async () => {
    const { token } = await share();
    const body = await (await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}`, token)).text();
    for (const secret of ['Secretname', 'Hiddenname', 'Notshown', 'Private team comment', cards.cai, cards.ana, cards.ben]) {
      expect(body).not.toContain(secret);
    }
    const refused = [
      ['GET', `/api/boards/${board.id}`],
      ['GET', `/api/boards/${board.id}/export.json`],
      ['GET', `/api/boards/${board.id}/export.csv`],
      ['GET', `/api/boards/${board.id}/snapshots`],
      ['GET', `/api/boards/${board.id}/sequences/${otherSequenceId}`],
      ['GET', `/api/boards/${board.id}/sequences/${sequenceId}/export.pdf`],
      ['GET', `/api/boards/${board.id}/sequences/${sequenceId}/steps/1.png`],
      ['POST', `/api/boards/${board.id}/sequences/${sequenceId}/share`],
      ['DELETE', `/api/boards/${board.id}/sequences/${sequenceId}/share`],
      ['GET', `/api/boards/${other.id}`],
      ['GET', `/api/boards/${other.id}/sequences/${sequenceId}`],
    ];
    for (const [method, path] of refused) {
      const status = (await call(method as string, path as string, token)).status;
      expect([401, 403], `${method} ${path} answered ${status}`).toContain(status);
    }
    // The same calls with a board token do get through: the refusals above are about the link.
    expect((await call('GET', `/api/boards/${board.id}/export.json`, board.tokens.viewer)).status).toBe(200);
    expect((await call('GET', `/api/boards/${board.id}/sequences/${otherSequenceId}`, board.tokens.viewer)).status).toBe(200);
    const upgrade = await tryUpgrade(`${server.wsUrl}/sync/${board.id}?token=${token}`);
    expect(upgrade.status).toBe(401);
    expect(upgrade.messages).toHaveLength(0);
  });

  it('is for editors to make and revoke; revoked or replaced links answer 401', async () => {
    expect((await call('POST', `/api/boards/${board.id}/sequences/${sequenceId}/share`, board.tokens.viewer)).status).toBe(403);
    expect((await call('POST', `/api/boards/${board.id}/sequences/nosuchsequence/share`, board.tokens.editor)).status).toBe(404);
    const first = await share();
    const second = await share();
    const read = (token: string) => call('GET', `/api/boards/${board.id}/sequences/${sequenceId}`, token);
    expect((await read(first.token)).status).toBe(401);
    expect((await read(second.token)).status).toBe(200);
    expect((await call('DELETE', `/api/boards/${board.id}/sequences/${sequenceId}/share`, board.tokens.viewer)).status).toBe(403);
    expect((await call('DELETE', `/api/boards/${board.id}/sequences/${sequenceId}/share`, board.tokens.editor)).status).toBe(204);
    expect((await read(second.token)).status).toBe(401);
  });

  it('follows the board live: a step added by a teacher is in the next answer', async () => {
    const { token } = await share();
    const { addStep } = await import('#shared/schema/sequence.js');
    addStep(doc, sequenceId, { cardId: cards.cai, question: 'What is the same?' });
    await waitFor(async () => {
      const body = (await (await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}`, token)).json()) as { steps: unknown[] };
      return body.steps.length === 3;
    }, 'the third step reaches the class link');
  });
});

describe('a class board’s sequence', () => {
  it('is read with the class’s team link, like every call on the class’s boards', async () => {
    const created = await fetch(`${server.url}/api/classes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Room 12', students: [{ name: 'Ada' }] }),
    });
    const team = (await created.json()) as { id: string; tokens: { editor: string; viewer: string } };
    const made = await fetch(`${server.url}/api/classes/${team.id}/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${team.tokens.editor}` },
      body: JSON.stringify({ title: 'Fall sort' }),
    });
    expect(made.status).toBe(201);
    const classBoard = (await made.json()) as CreatedBoard;
    const client = connectClient(server.wsUrl, classBoard.id, team.tokens.editor);
    cleanups.push(() => client.provider.destroy());
    await waitForSync(client.provider);
    const id = createSequence(client.doc, 'Class share-out');
    const read = (token: string) => call('GET', `/api/boards/${classBoard.id}/sequences/${id}`, token);
    await waitFor(async () => (await read(team.tokens.viewer)).status === 200, 'the class viewer link reads the sequence');
    // Another board's token is no token here.
    expect((await read(board.tokens.viewer)).status).toBe(401);
  });
});

describe('exports of a sequence', () => {
  it('prints one landscape page per step with its question and note, and no student names', async () => {
    const response = await call('GET', `/api/boards/${board.id}/sequences/${otherSequenceId}/export.pdf`, board.tokens.viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const seq = await (await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}/export.pdf`, board.tokens.viewer)).arrayBuffer();
    const { pages, landscape, text } = await pdfText(seq);
    const steps = (
      (await (await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}`, board.tokens.viewer)).json()) as { steps: unknown[] }
    ).steps.length;
    expect(pages).toBe(steps);
    expect(text).toContain('How did this student count?');
    expect(text).toContain('Counting all first');
    expect(text).toContain(`Step 1 of ${steps}`);
    expect(text).not.toMatch(/Secretname|Hiddenname|Notshown/);
    expect(landscape).toBe(true);
  });

  it('gives each step as a PNG, masked and cropped like the class sees it', async () => {
    const response = await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}/steps/1.png`, board.tokens.viewer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await response.arrayBuffer());
    expect((await sharp(png).metadata()).format).toBe('png');
    expect(await redShareOfTop(png, 100)).toBeLessThan(0.01);
    const cropped = await sharp(
      Buffer.from(
        await (await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}/steps/2.png`, board.tokens.viewer)).arrayBuffer(),
      ),
    ).metadata();
    expect([cropped.width, cropped.height]).toEqual([400, 416]);
    expect((await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}/steps/99.png`, board.tokens.viewer)).status).toBe(404);
    expect((await call('GET', `/api/boards/${board.id}/sequences/${sequenceId}/steps/1.png`, null)).status).toBe(401);
  });
});
