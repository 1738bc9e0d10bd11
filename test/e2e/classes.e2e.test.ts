// Knowing the class in the browser (README, "Classes"): a class started from the landing page with
// a roster CSV, its page (links, boards oldest first, the roster edited without losing anyone's
// identity), a board made in the class from the landing page, and "Who is this?" naming ten cards
// from the keyboard alone, each suggestion applied only when a person presses Enter.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCards } from '#shared/schema/card.js';
import { setHideNames } from '#shared/schema/settings.js';
import { namedWorksheetsPdf } from '../fixtures/classSets.js';
import { uploadForm } from '../fixtures/scans.js';
import { connectClient, type TestServer, waitFor, waitForSync } from '../fixtures/server.js';
import { seriousViolations } from './axe.js';
import { launchBrowser, openPage, screenshot, startAppServer } from './browser.js';

describe('classes in the browser', { timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startAppServer(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  async function open(width = 1280): Promise<Page> {
    const opened = await openPage(browser, { name: 'Ms. Rivera', width, height: 900 });
    contexts.push(opened.context);
    await opened.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    return opened.page;
  }

  it('a class starts from a roster CSV, makes boards in it, shows them oldest first, and keeps a renamed student', async () => {
    const page = await open();
    await page.goto(server.url);
    const start = page.getByRole('region', { name: 'Start a class' });
    await start.getByLabel('Class name').fill('Grade 3 · Room 12');
    // A gradebook export: last and first name in columns of their own, and an id.
    const csv = 'Student ID,Last Name,First Name,Email\n1001,Lovelace,Ada,ada@school.org\n1002,Turing,Alan,\n1003,López,María,\n,,,\n';
    await page.getByTestId('roster-file').setInputFiles({ name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => start.getByTestId('roster-preview').textContent()).toContain('3 students found');
    await start.getByRole('button', { name: 'Create class' }).click();

    await page.waitForURL(/\/class\/[^/]+#token=/);
    const classUrl = page.url();
    const roster = page.getByTestId('roster');
    await expect.poll(() => roster.locator('li').allTextContents()).toEqual(['Ada Lovelace1001', 'Alan Turing1002', 'María López1003']);
    // Each name leads to that student's page, carrying the class link's token the same way.
    const adaLink = await roster.getByRole('link', { name: 'Ada Lovelace' }).getAttribute('href');
    expect(adaLink).toMatch(/^\/class\/[^/]+\/student\/[^/#]+#token=/);
    const adaId = await roster.locator('li').first().getAttribute('data-student-id');

    // The owner sees one link per role; the edit link copies.
    const editLink = await page.getByTestId('class-edit-link').inputValue();
    const viewLink = await page.getByTestId('class-view-link').inputValue();
    expect(editLink).toMatch(/\/class\/[^/]+#token=/);
    expect(viewLink).not.toBe(editLink);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'class-page-1280');
    await page.getByRole('button', { name: 'Copy the edit link' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(editLink);
    // Cover sheets come as a PDF to print.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Print cover sheets (A4)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/cover sheets\.pdf$/);

    // A board made in the class from the landing page, with the class's edit link pasted.
    await page.goto(server.url);
    await screenshot(page, 'landing-with-class-1280');
    await page.getByLabel('Board title').fill('Fractions · September');
    await page.getByLabel(/In a class/).fill(editLink);
    await page.getByRole('button', { name: 'Create board' }).click();
    await page.getByTestId('created-board').waitFor();

    // A second one from the class page itself.
    const teammate = await open();
    await teammate.goto(editLink);
    await teammate.getByRole('heading', { name: 'Grade 3 · Room 12' }).waitFor();
    await teammate.getByLabel('Board title').fill('Fractions · January');
    await teammate.getByRole('button', { name: 'Create board' }).click();
    await teammate.waitForURL(/\/b\/[^/]+#token=/);
    await teammate.locator('[data-status="connected"]').waitFor();

    await page.goto(classUrl);
    const boards = page.getByTestId('class-boards');
    await expect
      .poll(() => boards.locator('.class-board-title').allTextContents())
      .toEqual(['Fractions · September', 'Fractions · January']);

    // A board made on its own joins the class with its owner's link.
    const loose = (await (
      await fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Place value · November' }),
      })
    ).json()) as { id: string; tokens: { owner: string } };
    await page.getByLabel('The board’s owner link').fill(`${server.url}/b/${loose.id}#token=${loose.tokens.owner}`);
    await page.getByRole('button', { name: 'Add to this class' }).click();
    await expect
      .poll(() => boards.locator('.class-board-title').allTextContents())
      .toEqual(['Fractions · September', 'Fractions · January', 'Place value · November']);
    // Each board opens with the class's link.
    expect(await boards.getByRole('link', { name: 'Fractions · January' }).getAttribute('href')).toContain(new URL(classUrl).hash);
    // With two boards or more, the class's movement between them is a link away, with the same token.
    const movement = page.getByTestId('class-movement-link');
    expect(new URL((await movement.getAttribute('href')) as string, server.url).hash).toBe(new URL(classUrl).hash);

    // A spelling corrected in its row keeps the student (and so their history).
    await page.getByRole('button', { name: 'Edit roster' }).click();
    await page.getByLabel('Name of student 3').scrollIntoViewIfNeeded();
    await screenshot(page, 'class-roster-edit-1280');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Name of student 1').fill('Ada King');
    await page.getByLabel('School id of student 1').fill('');
    await page.getByRole('button', { name: 'Save roster' }).click();
    await expect.poll(() => roster.locator('li').first().textContent()).toBe('Ada King');
    expect(await roster.locator('li').first().getAttribute('data-student-id')).toBe(adaId);

    // The view link shows the class and changes nothing.
    const visitor = await open();
    await visitor.goto(viewLink);
    await visitor.getByRole('heading', { name: 'Grade 3 · Room 12' }).waitFor();
    expect(await visitor.getByRole('button', { name: 'Edit roster' }).count()).toBe(0);
    expect(await visitor.getByRole('button', { name: /Print cover sheets/ }).count()).toBe(0);
    for (const width of [1024, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      await screenshot(page, `class-page-${width}`);
    }
  });

  it('Who is this? names ten cards from the keyboard, suggestions from the printed names applied only on Enter', async () => {
    const names = [
      'Ada Lovelace',
      'Alan Turing',
      'Grace Hopper',
      'Katherine Johnson',
      'Dmitri Ivanov',
      'Aisha Bello',
      'María López',
      'Kenji Watanabe',
      'Fatima Zahra',
      'Olu Adeyemi',
    ];
    const created = await fetch(`${server.url}/api/classes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Period 4', students: names.map((name) => ({ name })) }),
    });
    const team = (await created.json()) as {
      id: string;
      tokens: { editor: string; viewer: string };
      students: { studentId: string; name: string }[];
    };
    const made = await fetch(`${server.url}/api/classes/${team.id}/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${team.tokens.editor}` },
      body: JSON.stringify({ title: 'Two ways to add' }),
    });
    const board = (await made.json()) as { id: string };
    // The pile in a different order from the roster, as papers come off a copier.
    const printed = [6, 2, 9, 0, 4, 7, 1, 5, 8, 3].map((i) => names[i] as string);
    // And one worksheet whose name line was left empty.
    printed.push('');
    const upload = await fetch(`${server.url}/api/boards/${board.id}/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${team.tokens.editor}` },
      body: uploadForm([{ name: 'period 4.pdf', bytes: await namedWorksheetsPdf(printed, 120) }]),
    });
    expect(upload.status).toBe(201);
    const { cards } = (await upload.json()) as { cards: { id: string }[] };
    const nameOnCard = new Map(cards.map((card, i) => [card.id, printed[i] as string]));
    const studentIdOf = new Map(team.students.map((student) => [student.name, student.studentId]));

    // Another member of the team watches the board, and the team hides names for the projector.
    const watcher = connectClient(server.wsUrl, board.id, team.tokens.viewer);
    await waitForSync(watcher.provider);
    const coach = connectClient(server.wsUrl, board.id, team.tokens.editor);
    await waitForSync(coach.provider);
    setHideNames(coach.doc, true);

    const page = await open();
    await page.goto(`${server.url}/b/${board.id}#token=${team.tokens.editor}`);
    await page.locator('[data-status="connected"]').waitFor();
    const opener = page.getByRole('button', { name: /Who is this\?/ });
    expect(await opener.getByTestId('who-count').textContent()).toBe('11');
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Who is this?' });
    await dialog.waitFor();
    const input = dialog.getByRole('combobox', { name: 'Student' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');

    // The cards come in the order of the pile: the ten named worksheets first.
    for (let step = 0; step < 10; step++) {
      await expect.poll(() => dialog.getByTestId('who-progress').textContent()).toBe(`Card ${step + 1} of 11`);
      // Each card starts with an empty field: nothing typed for the last one carries over.
      expect(await input.inputValue()).toBe('');
      const cardId = (await dialog.locator('.who-body').getAttribute('data-card-id')) as string;
      const expected = nameOnCard.get(cardId) as string;
      const selected = dialog.locator('[role="option"][aria-selected="true"]');
      if (step < 6) {
        // The name printed on the page is read and offered first…
        await expect.poll(() => selected.textContent(), { timeout: 30_000 }).toContain(`${expected}read on the page`);
        if (step === 0) {
          // Names are hidden on every screen of the board, but this dialog is the teacher's own:
          // its picture of the name region is the page itself, not the masked one.
          expect(await dialog.getByTestId('who-region').locator('img').getAttribute('src')).not.toContain('names=hidden');
          await screenshot(page, 'who-is-this-1280');
          for (const width of [1024, 1920, 1280]) {
            await page.setViewportSize({ width, height: 900 });
            if (width !== 1280) await screenshot(page, `who-is-this-${width}`);
          }
          expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
        }
        // …and applied to nothing until a person confirms it.
        expect(listCards(watcher.doc).find((card) => card.id === cardId)?.studentId).toBeUndefined();
      } else {
        // Typing narrows the roster: the first letters of the family name are enough.
        await input.pressSequentially(expected.split(' ')[1]?.slice(0, 3) as string);
        await expect.poll(() => selected.textContent()).toContain(expected);
      }
      await page.keyboard.press('Enter');
      await waitFor(
        () => listCards(watcher.doc).find((card) => card.id === cardId)?.studentId === studentIdOf.get(expected),
        `card ${step + 1} named ${expected} on the other screen`,
      );
    }
    // The last card has no printed name: nothing is offered, and Enter alone names nobody.
    await expect.poll(() => dialog.getByTestId('who-progress').textContent()).toBe('Card 11 of 11');
    await expect.poll(() => dialog.getByTestId('who-read').textContent(), { timeout: 30_000 }).toContain('No printed name was read');
    expect(await dialog.locator('[role="option"][aria-selected="true"]').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.keyboard.press('PageDown');
    await dialog.getByTestId('who-done').waitFor();
    const named = listCards(watcher.doc).filter((card) => card.studentId);
    expect(named.map((card) => card.student).sort()).toEqual([...names].sort());
    for (const card of named) expect(card.studentId).toBe(studentIdOf.get(nameOnCard.get(card.id) as string));
    const blank = cards[10]?.id as string;
    expect(listCards(watcher.doc).find((card) => card.id === blank)).toMatchObject({ student: '', studentId: undefined });
    await page.keyboard.press('Escape');
    // One card is still unnamed: the way back in says so.
    await expect.poll(() => page.getByTestId('who-count').textContent()).toBe('1');
    watcher.provider.destroy();
    coach.provider.destroy();
  });
});
