// Reading and driving the board canvas from a test. Konva puts its stages on `window.Konva`; the
// board's shapes carry names (`card`, `pile`, `pile-header`, `cursor`) and ids (`#card-<id>`,
// `#pile-<id>`), so tests observe what is drawn without any test-only hook in the app.
import type { Page } from 'playwright-core';

export interface ScreenBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface KonvaNode {
  getClientRect(): ScreenBox;
  getAttr(name: string): unknown;
  getLayer(): unknown;
}

interface KonvaStage {
  find(selector: string): KonvaNode[];
  findOne(selector: string): KonvaNode | undefined;
  getLayers(): unknown[];
  container(): HTMLElement;
}

declare global {
  interface Window {
    Konva?: { stages: KonvaStage[] };
  }
}

/** The page box of a drawn Konva node (`#card-…`, `#pile-…`), or null if it is not drawn. */
export function nodeBox(page: Page, selector: string): Promise<ScreenBox | null> {
  return page.evaluate((sel) => {
    const stage = window.Konva?.stages[0];
    const node = stage?.findOne(sel);
    if (!stage || !node) return null;
    const rect = node.getClientRect();
    const offset = stage.container().getBoundingClientRect();
    return { x: rect.x + offset.left, y: rect.y + offset.top, width: rect.width, height: rect.height };
  }, selector);
}

/** Which layer a node is drawn on: 0 piles, 1 cards at rest, 2 what is moving, 3 cursors. */
export function layerOf(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const stage = window.Konva?.stages[0];
    const node = stage?.findOne(sel);
    return stage && node ? stage.getLayers().indexOf(node.getLayer()) : -1;
  }, selector);
}

export function drawnIds(page: Page, name: 'card' | 'pile'): Promise<string[]> {
  return page.evaluate(
    (shape) => (window.Konva?.stages[0]?.find(`.${shape}`) ?? []).map((node) => String(node.getAttr(`${shape}Id`))),
    name,
  );
}

/** Names on the other people's pointers shown over the canvas. */
export function cursorNames(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.remote-cursor')]
      .filter((node) => !node.hidden)
      .map((node) => String(node.dataset.participant)),
  );
}

export async function waitForCards(page: Page, count: number): Promise<void> {
  await page.waitForFunction((n) => (window.Konva?.stages[0]?.find('.card').length ?? 0) >= n, count, { timeout: 20_000 });
}

export function center(box: ScreenBox): { x: number; y: number } {
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

export function contains(outer: ScreenBox, point: { x: number; y: number }): boolean {
  return point.x >= outer.x && point.x <= outer.x + outer.width && point.y >= outer.y && point.y <= outer.y + outer.height;
}

/** Polls `read` until `accept` holds; fails with `message` after `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  message: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${message} (last value: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
