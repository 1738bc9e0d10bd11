// Board templates: the two protocols teams follow. "Sort by strategy" (a work sort: group by the
// thinking shown) starts empty with a starter tag list; "sort by evidence of mastery" (a student
// progress protocol) starts with its three piles. Applied once, when a board is created.
import type * as Y from 'yjs';
import { createPile, MIN_PILE_HEIGHT } from './schema/pile.js';
import { addBoardTags } from './schema/tags.js';
import { heightFor, layoutSortBoard, newPileSpotSorted, widthForColumns } from './sortLayout.js';

export const BOARD_TEMPLATES = ['strategy', 'mastery'] as const;
export type BoardTemplate = (typeof BOARD_TEMPLATES)[number];

export const TEMPLATE_LANGUAGES = ['en', 'es'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export function isBoardTemplate(value: unknown): value is BoardTemplate {
  return typeof value === 'string' && (BOARD_TEMPLATES as readonly string[]).includes(value);
}

export interface TemplatePile {
  title: string;
  color: string;
}

export interface TemplateContent {
  tags: string[];
  piles: TemplatePile[];
}

const STRATEGY_TAGS: Record<TemplateLanguage, string[]> = {
  en: [
    'counting all',
    'counting on',
    'number line',
    'base-ten drawing',
    'decomposing by place value',
    'making ten',
    'compensation',
    'standard algorithm',
    'picture or model',
    'equation',
    'explains in words',
  ],
  es: [
    'contar todo',
    'contar a partir de',
    'recta numérica',
    'dibujo de base diez',
    'descomponer por valor posicional',
    'formar diez',
    'compensación',
    'algoritmo estándar',
    'dibujo o modelo',
    'ecuación',
    'explica con palabras',
  ],
};

const MASTERY_TAGS: Record<TemplateLanguage, string[]> = {
  en: ['exemplar', 'computation error', 'incomplete explanation', 'misread the task', 'model without equation'],
  es: ['ejemplar', 'error de cálculo', 'explicación incompleta', 'malinterpretó la tarea', 'modelo sin ecuación'],
};

// Okabe–Ito hues (shared/colors.ts), so the three read apart for colour-blind people on a projector.
const MASTERY_PILES: Record<TemplateLanguage, TemplatePile[]> = {
  en: [
    { title: 'Meets', color: '#009e73' },
    { title: 'Partially meets', color: '#e69f00' },
    { title: 'Not yet', color: '#cc79a7' },
  ],
  es: [
    { title: 'Logrado', color: '#009e73' },
    { title: 'Parcialmente logrado', color: '#e69f00' },
    { title: 'Todavía no', color: '#cc79a7' },
  ],
};

export function templateContent(template: BoardTemplate, language: TemplateLanguage = 'en'): TemplateContent {
  if (template === 'mastery') return { tags: MASTERY_TAGS[language], piles: MASTERY_PILES[language] };
  return { tags: STRATEGY_TAGS[language], piles: [] };
}

/** Writes a template's tags and piles into a new board (in the caller's transaction, if any). */
export function applyTemplate(doc: Y.Doc, template: BoardTemplate, language: TemplateLanguage = 'en'): void {
  const content = templateContent(template, language);
  const w = widthForColumns(3);
  const h = heightFor({ w, h: MIN_PILE_HEIGHT }, 0);
  doc.transact(() => {
    addBoardTags(doc, content.tags);
    const placed: { id: string; title: string; color: string; x: number; y: number; w: number; h: number }[] = [];
    for (const pile of content.piles) {
      const layout = layoutSortBoard({
        cards: [],
        piles: placed.map((p) => ({
          ...p,
          description: '',
          nextSteps: '',
          collapsed: false,
          order: null,
          anticipated: false,
          tierReminderDismissed: '',
        })),
      });
      const spot = newPileSpotSorted(layout, { w, h });
      const id = createPile(doc, { title: pile.title, color: pile.color, x: spot.x, y: spot.y, w, h });
      placed.push({ id, title: pile.title, color: pile.color, x: spot.x, y: spot.y, w, h });
    }
  });
}
