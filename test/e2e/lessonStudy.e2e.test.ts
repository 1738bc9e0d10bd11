// Lesson study in the browser (issue 6): comparing the fall board with the winter board of the same
// class from a pasted link, and marking focus students whose cards then stand out for everyone.
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { type Card, createCard, listCards, placeCard } from '#shared/schema/card.js';
import { readFocusStudents, setFocusStudent } from '#shared/schema/focus.js';
import { createPile, listPiles } from '#shared/schema/pile.js';
import { layoutSortBoard, newPileSpotSorted, widthForColumns } from '#shared/sortLayout.js';
import { pageAssetId, storePageImage } from '../../server/assets/pageImages.js';
import { type CreatedBoard, connectClient, createBoard, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { center, eventually, nodeBox } from './board.js';
import { gotoBoard, launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

const PILES = ['Counts on', 'Place value'] as const;

describe('lesson study: comparing two boards and focus students', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let fall: CreatedBoard;
  let winter: CreatedBoard;
  /** The ten students of the fall board this story follows, in the demo's order. */
  let students: Card[] = [];
  let fallDoc: Y.Doc;
  const contexts: BrowserContext[] = [];
  const providers: WebsocketProvider[] = [];

  async function client(board: CreatedBoard): Promise<Y.Doc> {
    const { doc, provider } = connectClient(server.wsUrl, board.id, board.tokens.editor);
    providers.push(provider);
    await waitForSync(provider);
    return doc;
  }

  /** Adds the two piles where a person would, and returns their ids by title. */
  function addPiles(doc: Y.Doc): Map<string, string> {
    const ids = new Map<string, string>();
    for (const title of PILES) {
      const w = widthForColumns(3);
      const spot = newPileSpotSorted(layoutSortBoard({ cards: listCards(doc), piles: listPiles(doc) }), { w, h: 700 });
      ids.set(title, createPile(doc, { title, x: spot.x, y: spot.y, w, h: 700 }));
    }
    return ids;
  }

  async function cardsOnServer(board: CreatedBoard): Promise<number> {
    const response = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.tokens.viewer}` } });
    return ((await response.json()) as { cards: number }).cards;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
    // The fall board: the demo class set, sorted into two piles.
    const demo = await fetch(`${server.url}/api/demo-boards`, { method: 'POST' });
    expect(demo.status).toBe(201);
    fall = (await demo.json()) as CreatedBoard;
    fallDoc = await client(fall);
    students = listCards(fallDoc)
      .sort((a, b) => a.order - b.order)
      .slice(0, 11);
    const fallPiles = addPiles(fallDoc);
    const fallSort = [0, 0, 0, 0, 1, 1, 1, 1, null, null];
    fallSort.forEach((pile, i) => {
      const card = students[i] as Card;
      placeCard(fallDoc, card.id, {
        pileId: pile === null ? null : (fallPiles.get(PILES[pile] as string) ?? null),
        x: card.x,
        y: card.y,
        order: i,
      });
    });
    setFocusStudent(fallDoc, (students[4] as Card).id, true, 1);

    // The winter board: new scans of the same class (the same pictures here), sorted again.
    winter = await createBoard(server.url, { title: 'Room 12 · winter' });
    const winterDoc = await client(winter);
    const winterPiles = addPiles(winterDoc);
    const winterSort: [index: number, pile: number, label?: string][] = [
      [0, 1],
      [1, 1],
      [2, 0],
      [3, 0],
      [4, 1],
      [5, 1],
      [6, 1],
      [7, 1],
      [8, 1],
      // Student 9 has left; a new student has arrived.
      [10, 0, 'Rosa Newcomer'],
    ];
    for (const [index, pile, label] of winterSort) {
      const card = students[index] as Card;
      const bytes = await server.app.assets.read(fall.id, card.pages[0] as string, 'full');
      if (!bytes) throw new Error('a demo page is missing');
      const { assetId } = await storePageImage(server.app.assets, winter.id, bytes, pageAssetId(bytes));
      const id = createCard(winterDoc, {
        // Typed again by hand for the winter board: case and spacing differ.
        student: label ?? ` ${card.student.toUpperCase()} `,
        pages: [assetId],
        pileId: winterPiles.get(PILES[pile] as string) ?? null,
        order: index,
      });
      if (index === 0) setFocusStudent(winterDoc, id, true, 1);
    }
    await waitFor(async () => (await cardsOnServer(winter)) === winterSort.length, 'the winter board is on the server');
    await waitFor(
      async () => server.app.rooms.withRoom(fall.id, (room) => readFocusStudents(room.doc).length === 1),
      'the fall board is sorted on the server',
    );
  }, 120_000);

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function open(board: CreatedBoard, token: string, name: string): Promise<Page> {
    const { context, page } = await openPage(browser, { name });
    contexts.push(context);
    await gotoBoard(page, server, board, token, { cards: 10 });
    return page;
  }

  const name = (index: number) => (students[index] as Card).student;

  it('compares the fall board with the winter board from its pasted link: who moved, who left, who arrived', async () => {
    const page = await open(fall, fall.tokens.owner, 'Ms. Rivera');
    const addresses: string[] = [];
    page.on('request', (request) => addresses.push(request.url()));

    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('button', { name: 'Snapshots and comparing sorts…' }).click();
    await page.getByRole('button', { name: 'Compare sorts…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Compare two sorts' });
    await dialog.getByLabel('With another board').check();
    const linkField = dialog.getByLabel('Link to the other board', { exact: false });

    // Not a link, then a link whose token is wrong: each says what is the matter.
    await linkField.fill('the winter board');
    await dialog.getByRole('button', { name: 'Use this link' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'not a Worksort board link' }).waitFor();
    await linkField.fill(`${server.url}/b/${winter.id}#token=not-the-right-token`);
    await dialog.getByRole('button', { name: 'Use this link' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'not valid' }).waitFor();

    await linkField.fill(`${server.url}/b/${winter.id}#token=${winter.tokens.viewer}`);
    await dialog.getByRole('button', { name: 'Use this link' }).click();
    await dialog.getByText('Other board: Room 12 · winter', { exact: false }).first().waitFor();
    // The pasted link (a secret) does not stay on screen.
    expect(await dialog.getByLabel('Link to the other board', { exact: false }).count()).toBe(0);

    const rows = dialog.locator('.compare-movements tbody tr');
    await eventually(
      () => rows.count(),
      (count) => count > 0,
      'the movement table',
    );
    // Focus students first among those who moved; every focus student is listed by what happened to them.
    const first = rows.nth(0);
    expect(await first.locator('th').textContent()).toContain(name(0).toUpperCase());
    expect(await first.locator('.focus-badge').textContent()).toContain('Focus');
    expect(await first.locator('td').textContent()).toBe('Counts on → Place value');
    expect(await dialog.locator('.compare-movements tbody tr', { hasText: name(4).toUpperCase() }).count()).toBe(0);
    const focus = dialog.getByTestId('compare-focus');
    expect(await focus.locator('li[data-outcome="moved"]').textContent()).toContain('Moved from Counts on to Place value');
    expect(await focus.locator('li[data-outcome="stayed"]').textContent()).toContain(name(4).toUpperCase());
    expect(await focus.locator('li[data-outcome="stayed"]').textContent()).toContain('Stayed in Place value');
    const moved = await dialog.locator('.compare-movements tbody tr[data-moved="true"] th').allTextContents();
    expect(moved.map((text) => text.replace(/★.*$/, '').trim()).sort()).toEqual(
      [name(0), name(1), name(8)].map((s) => s.toUpperCase()).sort(),
    );
    expect(await dialog.locator('.compare-summary').textContent()).toBe('9 students in both: 3 moved, 6 stayed.');
    // Pile to pile: two went from Counts on to Place value, one from Unsorted to Place value.
    const countsOn = dialog.locator('.compare-matrix tbody tr', { hasText: 'Counts on' });
    expect(await countsOn.locator('td.cell-moved').allTextContents()).toEqual(['2']);
    expect(await countsOn.locator('td.cell-stayed').allTextContents()).toEqual(['2']);
    const onlyLists = dialog.locator('.compare-only section');
    // Student 9, and the rest of the demo class the winter board does not have.
    const onlyFall = await onlyLists.nth(0).locator('li').allTextContents();
    expect(onlyFall).toContain(`${name(9)} · Unsorted`);
    expect(onlyFall).toHaveLength(listCards(fallDoc).length - 9);
    expect(await onlyLists.nth(1).locator('li').allTextContents()).toEqual(['Rosa Newcomer · Counts on']);
    await dialog.locator('.compare-boards').scrollIntoViewIfNeeded();
    await screenshot(page, 'compare-two-boards');

    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = parse(fs.readFileSync(await download.path()), { bom: true, columns: true }) as Record<string, string>[];
    expect(csv.filter((row) => row.status === 'moved')).toHaveLength(3);
    expect(csv[0]).toMatchObject({ pile_before: 'Counts on', pile_after: 'Place value', focus: 'yes' });
    expect(csv.find((row) => row.status === 'only_after')?.student).toBe('Rosa Newcomer');

    // The other board's token never travelled in an address.
    for (const token of Object.values(winter.tokens)) expect(addresses.filter((url) => url.includes(token))).toEqual([]);
    expect(addresses.some((url) => url.includes(`toBoard=${winter.id}`))).toBe(true);
  });

  /** Presses Fit and answers the card's box once it is drawn inside the canvas. */
  async function fitAndFind(page: Page, cardId: string) {
    await page.getByRole('button', { name: 'Fit', exact: true }).click();
    const canvas = await page.getByTestId('board-canvas').boundingBox();
    return eventually(
      () => nodeBox(page, `#card-${cardId}`),
      (drawn) =>
        drawn !== null &&
        canvas !== null &&
        drawn.y >= canvas.y &&
        drawn.y + drawn.height <= canvas.y + canvas.height &&
        drawn.x >= canvas.x &&
        drawn.x + drawn.width <= canvas.x + canvas.width,
      'the card is in view',
    );
  }

  it('an editor marks a focus student in the card inspector, and every screen shows the card standing out', async () => {
    const rivera = await open(fall, fall.tokens.editor, 'Ms. Rivera');
    const chen = await open(fall, fall.tokens.viewer, 'Mr. Chen');
    const focusMarked = (page: Page, cardId: string) =>
      page.evaluate((id) => {
        const card = window.Konva?.stages[0]?.findOne(`#card-${id}`) as unknown as { findOne(s: string): unknown } | undefined;
        return Boolean(card?.findOne('.focus-mark'));
      }, cardId);
    const ben = students[5] as Card;
    expect(await focusMarked(rivera, (students[4] as Card).id)).toBe(true);
    expect(await focusMarked(rivera, ben.id)).toBe(false);

    // The board opens readable, larger than the screen: Fit brings every card into view.
    const box = await fitAndFind(rivera, ben.id);
    if (!box) throw new Error('the card is not drawn');
    const { x, y } = center(box);
    await rivera.mouse.click(x, y);
    const inspector = rivera.getByTestId('card-inspector');
    await inspector.waitFor();
    await inspector.getByText('1 of 5 focus students marked.').waitFor();
    await inspector.getByLabel('Focus student').check();
    await inspector.getByText('2 of 5 focus students marked.').waitFor();
    await waitFor(() => readFocusStudents(fallDoc).includes(ben.id), 'the mark reaches the other clients');
    await inspector.getByRole('button', { name: 'Close' }).click();
    await inspector.waitFor({ state: 'detached' });

    await eventually(
      () => focusMarked(chen, ben.id),
      (marked) => marked,
      'the viewer sees the focus mark',
    );
    expect(await focusMarked(chen, (students[6] as Card).id)).toBe(false);
    await screenshot(rivera, 'board-focus-students');

    // A viewer sees who is a focus student but cannot change it.
    const onChen = await fitAndFind(chen, ben.id);
    if (!onChen) throw new Error('the card is not drawn for the viewer');
    await chen.mouse.click(center(onChen).x, center(onChen).y);
    const chenInspector = chen.getByTestId('card-inspector');
    await chenInspector.waitFor();
    const toggle = chenInspector.getByLabel('Focus student');
    expect(await toggle.isChecked()).toBe(true);
    expect(await toggle.isDisabled()).toBe(true);
    await screenshot(chen, 'focus-student-inspector');
  });
});
