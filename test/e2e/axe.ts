// axe-core (Deque's accessibility engine, from npm) run inside a page. The app's strict
// Content-Security-Policy refuses inline <script> tags, so addScriptTag({ content }) cannot load
// it; DevTools' evaluate is not subject to the page's CSP, so the engine is evaluated instead.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** The serious and critical violations axe finds in the page (or under `selector`), every rule on. */
export async function seriousViolations(page: Page, selector?: string): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (scope) => {
    const engine = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const context = scope ? (document.querySelector(scope) ?? document) : document;
    const results = await engine.run(context, { resultTypes: ['violations'] });
    return results.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact ?? '',
        help: violation.help,
        targets: violation.nodes.slice(0, 6).map((node) => node.target.join(' ')),
      }));
  }, selector ?? null);
}
