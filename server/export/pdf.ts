// The PDF report of a sort, for the team's log: the task, an overview of the piles, then each
// pile with its colour, what it shows, the next steps and a grid of its students' work, and the
// unsorted cards last. US Letter, because that is what the schools we serve print on.
import { PDFDocument, type PDFImage, type PDFPage, type RGB, rgb } from 'pdf-lib';
import {
  type ExportCard,
  type ExportCarriedStep,
  type ExportModel,
  type ExportNote,
  type ExportPile,
  focusCardsFirst,
} from '#shared/exportModel.js';
import { INK_OPACITY, outlinePath, pageFrame, strokeOutline } from '#shared/inkGeometry.js';
import { type ClassMovement, type FlowLayout, flowsBetween, layoutFlows, type Stop, summarizeFlows } from '#shared/movement.js';
import type { Pin } from '#shared/schema/comments.js';
import type { InkStroke } from '#shared/schema/ink.js';
import { fontkit, reportFonts } from './fonts.js';
import { type EmbeddedFonts, embedFonts, PdfText, type TextStyle } from './pdfText.js';

export interface ReportOptions {
  /** The first page of a card, small (JPEG bytes), or null when it is missing. */
  readThumbnail(assetId: string): Promise<Uint8Array | null>;
  /** IANA time zone for the dates printed; UTC when unset or unknown. */
  timeZone?: string;
  /** Names of the people connected to the board at the time of the export, if known. */
  participants?: string[];
  /** Ink on each card's first page (by card id), drawn over its thumbnail as on the board. */
  ink?: ReadonlyMap<string, readonly InkStroke[]>;
  /** Evidence pins of each card (by card id), oldest first: numbered on the thumbnail, their words under the pile. */
  pins?: ReadonlyMap<string, readonly Pin[]>;
  /** On a class's board: the class's previous board and this one, for "who moved where since" (README, "Classes"). */
  movement?: ClassMovement | null;
}

const PAGE_W = 612;
const PAGE_H = 792;
const MARGIN_X = 48;
const MARGIN_TOP = 48;
/** Space kept free at the bottom for the footer. */
const MARGIN_BOTTOM = 56;
const CONTENT_W = PAGE_W - 2 * MARGIN_X;

const COLUMNS = 4;
const GUTTER = 14;
const CELL_W = (CONTENT_W - (COLUMNS - 1) * GUTTER) / COLUMNS;
/** Thumbnails are boxed at the proportions of a Letter page, like the cards on the board. */
const IMAGE_H = Math.round((CELL_W * 11) / 8.5);
const CELL_H = IMAGE_H + 30;
const ROW_GAP = 14;

const INK = rgb(0.12, 0.13, 0.15);
const MUTED = rgb(0.4, 0.42, 0.46);
const FAINT = rgb(0.82, 0.84, 0.87);
const PAPER = rgb(0.955, 0.96, 0.965);
const WHITE = rgb(1, 1, 1);
/** Evidence pins: a red that prints dark enough in greyscale to read as a marker. */
const PIN = rgb(0.76, 0.15, 0.2);

/** Concurrent thumbnail reads: enough to hide disk latency, few enough to keep memory flat. */
const READ_CONCURRENCY = 16;

export async function renderReport(model: ExportModel, options: ReportOptions): Promise<Uint8Array> {
  const texts = reportStrings(model, options);
  const fonts = await reportFonts(texts);
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const title = model.board.title || 'Untitled board';
  pdf.setTitle(model.snapshot ? `${title} — ${model.snapshot.name}` : title);
  pdf.setSubject('Student work sort report');
  pdf.setCreator('Worksort');
  pdf.setProducer('Worksort');
  pdf.setLanguage('en');
  const exportedAt = new Date(model.exportedAt);
  if (!Number.isNaN(exportedAt.getTime())) {
    pdf.setCreationDate(exportedAt);
    pdf.setModificationDate(exportedAt);
  }

  const images = await embedThumbnails(pdf, await readThumbnails(model, options.readThumbnail));
  const report = new ReportWriter(pdf, await embedFonts(pdf, fonts, texts), images, options.ink, options.pins);
  report.header(model, options);
  if (model.carriedSteps && model.carriedSteps.length > 0) report.carriedSteps(model.carriedSteps);
  // Lesson study: the students the team follows come before everything else (issue 6).
  if (model.focusStudents.length > 0) report.focusStudents(model);
  report.overview(model);
  if (options.movement && options.movement.boards.length === 2) report.movement(options.movement);
  for (const pile of model.piles)
    report.pile(
      pile,
      model.notes.filter((note) => note.pileId === pile.id),
    );
  if (model.unsorted.length > 0) report.unsorted(model.unsorted);
  report.notes(
    'Notes on the board',
    model.notes.filter((note) => note.pileId === null),
  );
  report.footers(model.snapshot ? `${title} · ${model.snapshot.name}` : title);
  return pdf.save();
}

async function readThumbnails(model: ExportModel, read: ReportOptions['readThumbnail']): Promise<Map<string, Uint8Array | null>> {
  const ids = new Set<string>();
  for (const card of [...model.piles.flatMap((pile) => pile.cards), ...model.unsorted]) {
    const first = card.pages[0];
    if (first) ids.add(first);
  }
  const queue = [...ids];
  const result = new Map<string, Uint8Array | null>();
  await Promise.all(
    Array.from({ length: Math.min(READ_CONCURRENCY, queue.length) }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) result.set(id, await read(id));
    }),
  );
  return result;
}

/**
 * Embeds every thumbnail once (pdf-lib only parses a JPEG's header and copies its bytes). A file
 * that is not a JPEG or does not parse is drawn as "Image not available" rather than failing the report.
 */
async function embedThumbnails(pdf: PDFDocument, thumbnails: Map<string, Uint8Array | null>): Promise<Map<string, PDFImage | null>> {
  const images = new Map<string, PDFImage | null>();
  for (const [assetId, bytes] of thumbnails) {
    let image: PDFImage | null = null;
    if (bytes && bytes[0] === 0xff && bytes[1] === 0xd8) {
      image = await pdf.embedJpg(bytes).catch(() => null);
    }
    images.set(assetId, image);
  }
  return images;
}

/** Every text the report prints, to know before layout whether a fallback font is needed. */
function reportStrings(model: ExportModel, options: ReportOptions): string[] {
  const cards = [...model.piles.flatMap((pile) => pile.cards), ...model.unsorted];
  return [
    model.board.title,
    model.board.task,
    model.snapshot?.name ?? '',
    ...(options.participants ?? []),
    ...model.piles.flatMap((pile) => [pile.title, pile.description, pile.nextSteps]),
    ...model.notes.map((note) => note.text),
    ...(model.carriedSteps ?? []).flatMap((step) => [step.fromBoardTitle, step.pileTitle, step.text]),
    ...cards.flatMap((card) => [card.student, ...card.tags]),
    ...(options.movement
      ? [
          ...options.movement.boards.flatMap((board) => [board.title, ...board.piles.map((pile) => pile.title)]),
          ...options.movement.students.map((student) => student.label),
        ]
      : []),
    ...[...(options.pins?.values() ?? [])]
      .flat()
      .flatMap((pin) => [pin.text, pin.author.name, ...pin.replies.flatMap((reply) => [reply.text, reply.author.name])]),
  ];
}

/** Lays the report out top to bottom; `top` is the distance from the top of the current page. */
class ReportWriter {
  private page: PDFPage;
  private top = MARGIN_TOP;
  private readonly typeset: PdfText;

  constructor(
    private readonly pdf: PDFDocument,
    fonts: EmbeddedFonts,
    private readonly images: Map<string, PDFImage | null>,
    private readonly ink: ReadonlyMap<string, readonly InkStroke[]> = new Map(),
    private readonly pins: ReadonlyMap<string, readonly Pin[]> = new Map(),
  ) {
    this.page = pdf.addPage([PAGE_W, PAGE_H]);
    this.typeset = new PdfText(fonts);
  }

  header(model: ExportModel, options: ReportOptions): void {
    this.text('STUDENT WORK SORT · REPORT', MARGIN_X, { size: 8.5, bold: true, color: MUTED });
    this.top += 16;
    this.paragraph(model.board.title || 'Untitled board', { size: 22, bold: true }, CONTENT_W, 27);
    this.top += 4;
    const zone = validTimeZone(options.timeZone);
    const facts: string[] = [];
    if (model.snapshot) facts.push(`Snapshot “${model.snapshot.name}”, saved ${formatDate(model.snapshot.createdAt, zone)}`);
    else facts.push('The board as it was at the time of export');
    facts.push(`Exported ${formatDate(model.exportedAt, zone)}`);
    if (model.namesHidden)
      facts.push('Student names are hidden: cards are numbered instead. Names written on the work itself are not masked.');
    const participants = [...new Set((options.participants ?? []).map((name) => name.trim()).filter(Boolean))];
    if (participants.length > 0) facts.push(`Connected at export: ${participants.join(', ')}`);
    for (const fact of facts) this.paragraph(fact, { size: 9.5, color: MUTED }, CONTENT_W, 13);
    this.top += 14;
    this.taskBox(model.board.task);
  }

  private taskBox(task: string): void {
    const padding = 12;
    const style: TextStyle = { size: 11 };
    const lines = task.trim() ? this.wrap(task.trim(), style, CONTENT_W - 2 * padding - 4) : ['No task was written for this board.'];
    const leading = 15;
    // A task longer than a page flows on without its box; a normal one is kept together.
    const height = padding * 2 + 14 + lines.length * leading;
    if (height <= PAGE_H - MARGIN_TOP - MARGIN_BOTTOM) this.ensure(height);
    if (this.top + height <= PAGE_H - MARGIN_BOTTOM) {
      this.rect(MARGIN_X, this.top, CONTENT_W, height, PAPER);
      this.rect(MARGIN_X, this.top, 4, height, INK);
    }
    this.top += padding;
    this.text('TASK', MARGIN_X + padding + 4, { size: 8.5, bold: true, color: MUTED });
    this.top += 14;
    for (const line of lines) {
      this.ensure(leading);
      this.text(line, MARGIN_X + padding + 4, task.trim() ? style : { ...style, color: MUTED });
      this.top += leading;
    }
    this.top += padding + 18;
  }

  /** On a class's board: the next steps carried from the class's previous board, ticked or not. */
  carriedSteps(steps: readonly ExportCarriedStep[]): void {
    this.ensure(60);
    this.text(
      this.truncate(`Next steps from ${steps[0]?.fromBoardTitle || 'the previous board'}`, { size: 13, bold: true }, CONTENT_W),
      MARGIN_X,
      {
        size: 13,
        bold: true,
      },
    );
    const done = steps.filter((step) => step.done).length;
    this.text(`${done} of ${steps.length} done`, MARGIN_X, { size: 9.5, color: MUTED, align: 'right' });
    this.top += 17;
    this.line(this.top, FAINT);
    this.top += 7;
    let pile: string | null = null;
    const style: TextStyle = { size: 10 };
    for (const step of steps) {
      if (step.pileTitle !== pile) {
        pile = step.pileTitle;
        this.ensure(30);
        this.top += 4;
        this.text((pile || 'Untitled pile').toUpperCase(), MARGIN_X, { size: 8.5, bold: true, color: MUTED });
        this.top += 14;
      }
      const lines = this.wrap(step.text, style, CONTENT_W - 20);
      this.ensure(14 * Math.min(lines.length, 3) + 4);
      // A box, ticked when the team did it: drawn, so no font needs a check-mark glyph.
      this.rect(MARGIN_X, this.top + 1, 9, 9, WHITE, INK);
      if (step.done) {
        this.page.drawLine({
          start: { x: MARGIN_X + 1.8, y: PAGE_H - this.top - 6 },
          end: { x: MARGIN_X + 3.8, y: PAGE_H - this.top - 8.5 },
          thickness: 1.4,
          color: INK,
        });
        this.page.drawLine({
          start: { x: MARGIN_X + 3.8, y: PAGE_H - this.top - 8.5 },
          end: { x: MARGIN_X + 7.6, y: PAGE_H - this.top - 2.5 },
          thickness: 1.4,
          color: INK,
        });
      }
      for (const line of lines) {
        this.ensure(14);
        this.text(line, MARGIN_X + 18, step.done ? { ...style, color: MUTED } : style, 9);
        this.top += 14;
      }
    }
    this.top += 18;
  }

  /** The lesson study's focus students, each with the pile they are in, before the piles. */
  focusStudents(model: ExportModel): void {
    const focus = focusCardsFirst(model).filter(({ card }) => card.focus);
    this.section('Focus students', INK, focus.length, []);
    this.paragraph(
      'The students this team follows closely. Their cards are marked FOCUS in the piles below.',
      { size: 9.5, color: MUTED },
      CONTENT_W,
      13,
    );
    this.top += 8;
    const piles = new Map(focus.map(({ card, pile }) => [card.id, pile ? pile.title || 'Untitled pile' : 'Not yet sorted']));
    this.grid(
      focus.map(({ card }) => card),
      'Focus students',
      (card) => piles.get(card.id) ?? '',
    );
  }

  overview(model: ExportModel): void {
    const total = model.piles.reduce((sum, pile) => sum + pile.cards.length, 0) + model.unsorted.length;
    this.ensure(40);
    this.text('Piles', MARGIN_X, { size: 13, bold: true });
    this.text(`${total} ${plural(total, 'student')} · ${model.piles.length} ${plural(model.piles.length, 'pile')}`, MARGIN_X, {
      size: 9.5,
      color: MUTED,
      align: 'right',
    });
    this.top += 17;
    this.line(this.top, FAINT);
    this.top += 7;
    const row = (label: string, count: number, color: RGB | null) => {
      this.ensure(17);
      if (color) this.rect(MARGIN_X, this.top + 2, 10, 10, color);
      this.text(this.truncate(label, { size: 10.5 }, CONTENT_W - 90), MARGIN_X + 18, { size: 10.5 }, 10);
      this.text(`${count}`, MARGIN_X, { size: 10.5, align: 'right' }, 10);
      this.top += 17;
    };
    for (const pile of model.piles) row(pile.title || 'Untitled pile', pile.cards.length, hexColor(pile.color));
    if (model.unsorted.length > 0 || model.piles.length === 0) row('Not yet sorted', model.unsorted.length, null);
    this.top += 20;
  }

  /**
   * Who moved where since the class's previous board: its piles on the left, this board's on the
   * right, a band per way taken as wide as its students, then the same as a list with the names.
   */
  movement(movement: ClassMovement): void {
    const [from, to] = movement.boards as [ClassMovement['boards'][number], ClassMovement['boards'][number]];
    const flows = flowsBetween(movement, 0, 1);
    if (flows.length === 0) return;
    const summary = summarizeFlows(flows);
    const unit = Math.max(4, Math.min(14, 300 / Math.max(1, movement.students.length)));
    const layout = layoutFlows(flows, from, to, { unit, gap: 8, minHeight: 12 });
    this.ensure(Math.min(layout.height + 90, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM));
    this.text(this.truncate(`Movement since ${from.title || 'the previous board'}`, { size: 13, bold: true }, CONTENT_W), MARGIN_X, {
      size: 13,
      bold: true,
    });
    this.top += 17;
    this.paragraph(
      `${summary.stayed} stayed with the same strategy, ${summary.moved} moved, ${summary.joined} new on this board, ${summary.left} not on it.`,
      { size: 9.5, color: MUTED },
      CONTENT_W,
      13,
    );
    this.top += 8;
    this.flowChart(layout, from.title, to.title);
    const stopName = (stop: Stop) =>
      stop.kind === 'pile' ? stop.pile.title || 'Untitled pile' : stop.kind === 'unsorted' ? 'Not sorted' : 'No work on that board';
    for (const flow of flows) {
      const line = `${stopName(flow.from)} → ${stopName(flow.to)} (${flow.students.length}): ${flow.students.map((one) => one.label).join(', ')}`;
      this.paragraph(line, { size: 9.5 }, CONTENT_W, 13);
    }
    this.top += 20;
  }

  private flowChart(layout: FlowLayout, fromTitle: string, toTitle: string): void {
    const gutter = 150;
    const box = 10;
    const left = MARGIN_X + gutter;
    const right = PAGE_W - MARGIN_X - gutter - box;
    const style: TextStyle = { size: 8.5 };
    this.text(this.truncate(fromTitle, { size: 9.5, bold: true }, gutter + box), MARGIN_X, { size: 9.5, bold: true });
    const toHeading = this.truncate(toTitle, { size: 9.5, bold: true }, gutter + box);
    this.text(toHeading, right, { size: 9.5, bold: true });
    this.top += 16;
    const top = this.top;
    const colorOf = (stop: Stop) =>
      stop.kind === 'pile' ? hexColor(stop.pile.color) : stop.kind === 'unsorted' ? rgb(0.54, 0.58, 0.64) : FAINT;
    const middle = (right - left - box) / 2;
    for (const band of layout.bands) {
      const x1 = right - left - box;
      const path =
        `M0,${band.fromY} C${middle},${band.fromY} ${middle},${band.toY} ${x1},${band.toY} ` +
        `L${x1},${band.toY + band.toHeight} C${middle},${band.toY + band.toHeight} ${middle},${band.fromY + band.fromHeight} 0,${band.fromY + band.fromHeight} Z`;
      this.page.drawSvgPath(path, {
        x: left + box,
        y: PAGE_H - top,
        color: colorOf(band.flow.from.kind === 'pile' ? band.flow.from : band.flow.to),
        opacity: 0.45,
        borderWidth: 0,
      });
    }
    const column = (nodes: FlowLayout['left'], x: number, side: 'left' | 'right') => {
      for (const node of nodes) {
        this.rect(x, top + node.y, box, node.height, colorOf(node.stop), node.stop.kind === 'absent' ? MUTED : null);
        const name =
          node.stop.kind === 'pile' ? node.stop.pile.title || 'Untitled pile' : node.stop.kind === 'unsorted' ? 'Not sorted' : 'No work';
        const label = this.truncate(`${name} (${node.count})`, style, gutter - 8);
        const labelX = side === 'left' ? x - 6 - this.measure(label, style) : x + box + 6;
        this.top = top + node.y + node.height / 2 - 4;
        this.text(label, labelX, style);
      }
    };
    column(layout.left, left, 'left');
    column(layout.right, right, 'right');
    this.top = top + layout.height + 14;
  }

  pile(pile: ExportPile, notes: readonly ExportNote[] = []): void {
    const name = pile.title || 'Untitled pile';
    this.section(name, hexColor(pile.color), pile.cards.length, [
      ['What this pile shows', pile.description],
      ['Next steps', pile.nextSteps],
    ]);
    this.grid(pile.cards, name);
    this.evidence(pile.cards);
    this.notes('Sticky notes on this pile', notes);
  }

  /** Sticky notes as the team wrote them, each on a square of its paper colour; nothing when there are none. */
  notes(heading: string, notes: readonly ExportNote[]): void {
    if (notes.length === 0) return;
    this.ensure(60);
    this.text(heading.toUpperCase(), MARGIN_X, { size: 8.5, bold: true, color: MUTED });
    this.top += 16;
    const style: TextStyle = { size: 10 };
    for (const note of notes) {
      const lines = this.wrap(note.text.trim(), style, CONTENT_W - 24);
      this.ensure(14 * Math.min(lines.length, 4) + 10);
      this.rect(MARGIN_X, this.top + 1, 10, 10, hexColor(note.color), FAINT);
      for (const line of lines) {
        this.ensure(14);
        this.text(line, MARGIN_X + 20, style, 10);
        this.top += 14;
      }
      this.top += 6;
    }
    this.top += 10;
  }

  unsorted(cards: ExportCard[]): void {
    this.section('Not yet sorted', null, cards.length, []);
    this.grid(cards, 'Not yet sorted');
    this.evidence(cards);
  }

  /** The words of the cards' evidence pins, numbered as on their thumbnails, with their replies. */
  private evidence(cards: ExportCard[]): void {
    const pinned = cards.filter((card) => (this.pins.get(card.id)?.length ?? 0) > 0);
    if (pinned.length === 0) return;
    this.ensure(60);
    this.text('EVIDENCE PINS', MARGIN_X, { size: 8.5, bold: true, color: MUTED });
    this.top += 16;
    const textStyle: TextStyle = { size: 9.5 };
    const metaStyle: TextStyle = { size: 8, color: MUTED };
    const indent = 20;
    for (const card of pinned) {
      this.ensure(40);
      const label = card.student.trim() || 'No name';
      this.text(this.truncate(label, { size: 10, bold: true }, CONTENT_W), MARGIN_X, { size: 10, bold: true });
      this.top += 15;
      (this.pins.get(card.id) ?? []).forEach((pin, index) => {
        const lines = this.wrap(`“${pin.text}”`, textStyle, CONTENT_W - indent);
        this.ensure(13 * Math.min(lines.length, 3) + 12);
        this.pinMarker(MARGIN_X + 7, this.top + 6, index + 1);
        for (const line of lines) {
          this.ensure(13);
          this.text(line, MARGIN_X + indent, textStyle, 9.5);
          this.top += 13;
        }
        const page = card.pages.indexOf(pin.page) + 1;
        const facts = [pin.author.name.trim(), page > 0 ? `page ${page}` : '', pin.resolved ? 'resolved' : ''].filter(Boolean);
        if (facts.length > 0) {
          this.ensure(12);
          this.text(this.truncate(facts.join(' · '), metaStyle, CONTENT_W - indent), MARGIN_X + indent, metaStyle, 8);
          this.top += 12;
        }
        for (const reply of pin.replies) {
          const author = reply.author.name.trim();
          for (const line of this.wrap(`↳ ${reply.text}${author ? ` — ${author}` : ''}`, metaStyle, CONTENT_W - indent - 12)) {
            this.ensure(11);
            this.text(line, MARGIN_X + indent + 12, metaStyle, 8);
            this.top += 11;
          }
        }
        this.top += 5;
      });
      this.top += 6;
    }
    this.top += 12;
  }

  /** A numbered evidence pin marker centred at (`x`, `top`), the same on thumbnails and in the list. */
  private pinMarker(x: number, top: number, number: number): void {
    this.page.drawCircle({ x, y: PAGE_H - top, size: 6.5, color: PIN, borderColor: WHITE, borderWidth: 1 });
    const style: TextStyle = { size: 7, bold: true, color: WHITE };
    const label = String(number);
    this.text(label, x - this.measure(label, style) / 2, style, top - this.top + 2.5);
  }

  private section(name: string, color: RGB | null, count: number, texts: [string, string][]): void {
    const titleStyle: TextStyle = { size: 15, bold: true };
    const titleLines = this.wrap(name, titleStyle, CONTENT_W - 26);
    const bodyStyle: TextStyle = { size: 10.5 };
    const bodies = texts.map(([label, text]) => [label, text.trim() ? this.wrap(text.trim(), bodyStyle, CONTENT_W) : null] as const);
    // Keep the pile's heading, its texts (when they fit a page) and its first row of work together.
    const textsHeight = bodies.reduce((sum, [, lines]) => sum + 16 + (lines?.length ?? 1) * 14 + 8, 0);
    const headingHeight = titleLines.length * 19 + 30;
    const together = headingHeight + textsHeight + (count > 0 ? CELL_H + 8 : 0);
    this.ensure(together <= PAGE_H - MARGIN_TOP - MARGIN_BOTTOM ? together : headingHeight + 60);

    this.rect(MARGIN_X, this.top + 1, 16, 16, color ?? WHITE, color ? null : MUTED);
    titleLines.forEach((line, index) => {
      this.text(line, MARGIN_X + 26, titleStyle, 13);
      if (index < titleLines.length - 1) this.top += 19;
    });
    this.top += 20;
    this.text(`${count} ${plural(count, 'student')}`, MARGIN_X + 26, { size: 9.5, color: MUTED });
    this.top += 15;
    this.line(this.top, color ?? FAINT, 1.5);
    this.top += 14;
    for (const [label, lines] of bodies) {
      this.ensure(30);
      this.text(label.toUpperCase(), MARGIN_X, { size: 8.5, bold: true, color: MUTED });
      this.top += 14;
      for (const line of lines ?? ['Not written yet.']) {
        this.ensure(14);
        this.text(line, MARGIN_X, lines ? bodyStyle : { ...bodyStyle, color: MUTED }, 10);
        this.top += 14;
      }
      this.top += 8;
    }
  }

  /** `caption` replaces a card's tags under its label (the focus section names each card's pile). */
  private grid(cards: ExportCard[], name: string, caption?: (card: ExportCard) => string): void {
    for (let start = 0; start < cards.length; start += COLUMNS) {
      if (this.top + CELL_H > PAGE_H - MARGIN_BOTTOM) {
        this.newPage();
        this.text(`${this.truncate(name, { size: 10, bold: true }, CONTENT_W - 80)} (continued)`, MARGIN_X, {
          size: 10,
          bold: true,
          color: MUTED,
        });
        this.top += 18;
      }
      cards.slice(start, start + COLUMNS).forEach((card, column) => {
        this.cell(card, MARGIN_X + column * (CELL_W + GUTTER), caption?.(card));
      });
      this.top += CELL_H + ROW_GAP;
    }
    this.top += 16;
  }

  private cardInk(cardId: string, left: number, top: number, width: number, aspect: number): void {
    const strokes = this.ink.get(cardId);
    if (strokes && strokes.length > 0) drawInk(this.page, strokes, left, top, width, aspect);
  }

  private cell(card: ExportCard, x: number, caption?: string): void {
    const first = card.pages[0];
    const image = first ? this.image(first) : null;
    this.rect(x, this.top, CELL_W, IMAGE_H, image ? WHITE : PAPER, FAINT);
    if (image) {
      const inner = { w: CELL_W - 6, h: IMAGE_H - 6 };
      const scale = Math.min(inner.w / image.width, inner.h / image.height);
      const w = image.width * scale;
      const h = image.height * scale;
      const left = x + (CELL_W - w) / 2;
      const bottom = PAGE_H - this.top - (IMAGE_H + h) / 2;
      this.page.drawImage(image, { x: left, y: bottom, width: w, height: h });
      this.cardInk(card.id, left, bottom + h, w, image.height / image.width);
      this.pinMarkers(card, left, PAGE_H - bottom - h, w, h);
    } else {
      const note = first ? 'Image not available' : 'No pages';
      const style: TextStyle = { size: 8, color: MUTED };
      this.text(note, x + (CELL_W - this.measure(note, style)) / 2, style, IMAGE_H / 2);
    }
    if (card.pages.length > 1) {
      const badge = `${card.pages.length} pages`;
      const style: TextStyle = { size: 7, bold: true, color: WHITE };
      const w = this.measure(badge, style) + 8;
      this.rect(x + CELL_W - w - 4, this.top + IMAGE_H - 15, w, 11, INK);
      this.text(badge, x + CELL_W - w, style, IMAGE_H - 7);
    }
    if (card.focus) this.focusMark(x);
    const label = card.student.trim() || 'No name';
    const labelStyle: TextStyle = { size: 9, bold: true, color: card.student.trim() ? INK : MUTED };
    this.text(this.truncate(label, labelStyle, CELL_W), x, labelStyle, IMAGE_H + 13);
    const under = caption ?? card.tags.join(' · ');
    if (under) {
      const tagStyle: TextStyle = { size: 7.5, color: MUTED };
      this.text(this.truncate(under, tagStyle, CELL_W), x, tagStyle, IMAGE_H + 24);
    }
  }

  /** A focus student's card: a heavy frame and the word FOCUS, so it stands out in black and white too. */
  private focusMark(x: number): void {
    this.page.drawRectangle({
      x: x - 2,
      y: PAGE_H - this.top - IMAGE_H - 2,
      width: CELL_W + 4,
      height: IMAGE_H + 4,
      borderColor: INK,
      borderWidth: 2.5,
    });
    const style: TextStyle = { size: 7, bold: true, color: WHITE };
    const badge = '★ FOCUS';
    const w = this.measure(badge, style) + 8;
    this.rect(x - 2, this.top - 2, w, 12, INK);
    this.text(badge, x + 2, style, 7.5);
  }

  /** Numbered markers at the evidence pins on the page the thumbnail shows (image box in points from the page top). */
  private pinMarkers(card: ExportCard, left: number, imageTop: number, w: number, h: number): void {
    (this.pins.get(card.id) ?? []).forEach((pin, index) => {
      if (pin.page !== card.pages[0]) return;
      const { region } = pin;
      this.page.drawRectangle({
        x: left + region.x * w,
        y: PAGE_H - imageTop - (region.y + region.h) * h,
        width: Math.max(1, region.w * w),
        height: Math.max(1, region.h * h),
        borderColor: PIN,
        borderWidth: 1,
      });
      const markerX = Math.min(left + w - 6.5, Math.max(left + 6.5, left + region.x * w));
      const markerTop = Math.min(imageTop + h - 6.5, Math.max(imageTop + 6.5, imageTop + region.y * h));
      this.pinMarker(markerX, markerTop, index + 1);
    });
  }

  private image(assetId: string): PDFImage | null {
    return this.images.get(assetId) ?? null;
  }

  footers(label: string): void {
    const pages = this.pdf.getPages();
    const style: TextStyle = { size: 8, color: MUTED };
    pages.forEach((page, index) => {
      this.page = page;
      const y = PAGE_H - 36;
      page.drawLine({ start: { x: MARGIN_X, y: 36 + 12 }, end: { x: PAGE_W - MARGIN_X, y: 36 + 12 }, thickness: 0.5, color: FAINT });
      this.top = y;
      this.text(this.truncate(label, style, CONTENT_W - 100), MARGIN_X, style);
      this.text(`Page ${index + 1} of ${pages.length}`, MARGIN_X, { ...style, align: 'right' });
    });
  }

  // — layout primitives —

  private newPage(): void {
    this.page = this.pdf.addPage([PAGE_W, PAGE_H]);
    this.top = MARGIN_TOP;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  private ensure(height: number): void {
    if (this.top + height > PAGE_H - MARGIN_BOTTOM && this.top > MARGIN_TOP) this.newPage();
  }

  private paragraph(text: string, style: TextStyle, width: number, leading: number): void {
    for (const line of this.wrap(text, style, width)) {
      this.ensure(leading);
      this.text(line, MARGIN_X, style, style.size);
      this.top += leading;
    }
  }

  /** Draws one line with its baseline `baseline` points below `top` (default: the cap height). */
  private text(text: string, x: number, style: TextStyle & { align?: 'right' }, baseline = style.size * 0.8): void {
    const left = style.align === 'right' ? PAGE_W - MARGIN_X - this.measure(text, style) : x;
    this.typeset.draw(this.page, text, left, PAGE_H - this.top - baseline, style, INK);
  }

  private rect(x: number, top: number, w: number, h: number, fill: RGB, border: RGB | null = null): void {
    this.page.drawRectangle({
      x,
      y: PAGE_H - top - h,
      width: w,
      height: h,
      color: fill,
      ...(border ? { borderColor: border, borderWidth: 0.75 } : {}),
    });
  }

  private line(top: number, color: RGB, thickness = 0.75): void {
    this.page.drawLine({ start: { x: MARGIN_X, y: PAGE_H - top }, end: { x: PAGE_W - MARGIN_X, y: PAGE_H - top }, thickness, color });
  }

  private measure(text: string, style: TextStyle): number {
    return this.typeset.measure(text, style);
  }

  wrap(text: string, style: TextStyle, width: number): string[] {
    return this.typeset.wrap(text, style, width);
  }

  truncate(text: string, style: TextStyle, width: number): string {
    return this.typeset.truncate(text, style, width);
  }
}

/** A card's ink over its thumbnail: page-frame outlines (1000 units across) placed at the image's top left. */
function drawInk(page: PDFPage, strokes: readonly InkStroke[], left: number, top: number, width: number, aspect: number): void {
  for (const stroke of strokes) {
    const path = outlinePath(strokeOutline(stroke, pageFrame(aspect)));
    if (!path) continue;
    page.drawSvgPath(path, {
      x: left,
      y: top,
      scale: width / 1000,
      color: hexColor(stroke.color),
      opacity: INK_OPACITY[stroke.tool],
      borderWidth: 0,
    });
  }
}

function hexColor(hex: string): RGB {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return MUTED;
  return rgb(
    Number.parseInt(match[1] ?? '0', 16) / 255,
    Number.parseInt(match[2] ?? '0', 16) / 255,
    Number.parseInt(match[3] ?? '0', 16) / 255,
  );
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

export function validTimeZone(zone: string | undefined): string {
  if (!zone) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC'; // an unknown zone from the query: print UTC, and say so in the date
  }
}

function formatDate(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  }).format(date);
}
