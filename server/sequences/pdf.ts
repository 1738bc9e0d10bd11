// A share-out sequence as a PDF for the lesson: one landscape page per step, the student work as
// large as the page allows (names masked), the question for the class beside it, and the team's
// note on why this piece and how it connects to the next. US Letter, like the report.
import { PDFDocument, type PDFImage, rgb } from 'pdf-lib';
import { fontkit, reportFonts } from '../export/fonts.js';
import { embedFonts, PdfText, type TextStyle } from '../export/pdfText.js';
import type { StepPicture } from './stepPicture.js';

export interface PrintedStep {
  picture: StepPicture | null;
  note: string;
  question: string;
}

export interface PrintedSequence {
  boardTitle: string;
  title: string;
  steps: PrintedStep[];
}

const PAGE_W = 792;
const PAGE_H = 612;
const MARGIN = 36;
const SIDE_W = 230;
const GAP = 24;
const HEADER_H = 30;
const FOOTER_H = 22;
const PICTURE_W = PAGE_W - 2 * MARGIN - SIDE_W - GAP;
const PICTURE_H = PAGE_H - 2 * MARGIN - HEADER_H - FOOTER_H;

const INK = rgb(0.12, 0.13, 0.15);
const MUTED = rgb(0.4, 0.42, 0.46);
const PAPER = rgb(0.955, 0.96, 0.965);
const FRAME = rgb(0.82, 0.84, 0.87);

export async function renderSequencePdf(sequence: PrintedSequence): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const title = sequence.title || 'Share-out';
  pdf.setTitle(`${title} — ${sequence.boardTitle || 'Worksort board'}`);
  pdf.setSubject('Share-out sequence of student work');
  pdf.setCreator('Worksort');
  pdf.setProducer('Worksort');
  const texts = [sequence.boardTitle, title, ...sequence.steps.flatMap((step) => [step.note, step.question])];
  const text = new PdfText(await embedFonts(pdf, await reportFonts(texts), texts));
  const total = sequence.steps.length;

  if (total === 0) {
    const page = pdf.addPage([PAGE_W, PAGE_H]);
    text.draw(page, title, MARGIN, PAGE_H - MARGIN - 20, { size: 20, bold: true }, INK);
    text.draw(page, 'This sequence has no steps yet.', MARGIN, PAGE_H - MARGIN - 50, { size: 12, color: MUTED }, INK);
    return pdf.save();
  }

  for (const [index, step] of sequence.steps.entries()) {
    const page = pdf.addPage([PAGE_W, PAGE_H]);
    const top = PAGE_H - MARGIN;
    const heading: TextStyle = { size: 13, bold: true };
    text.draw(page, text.truncate(title, heading, PAGE_W - 2 * MARGIN - 120), MARGIN, top - 13, heading, INK);
    const counter = `Step ${index + 1} of ${total}`;
    const counterStyle: TextStyle = { size: 11, color: MUTED };
    text.draw(page, counter, PAGE_W - MARGIN - text.measure(counter, counterStyle), top - 13, counterStyle, INK);

    // The work, as large as its box allows, centred in it.
    const boxTop = top - HEADER_H;
    page.drawRectangle({ x: MARGIN, y: boxTop - PICTURE_H, width: PICTURE_W, height: PICTURE_H, color: PAPER });
    const image = step.picture ? await pdf.embedJpg(step.picture.bytes).catch(() => null) : null;
    if (image) drawFitted(page, image, MARGIN, boxTop - PICTURE_H, PICTURE_W, PICTURE_H);
    else text.draw(page, 'Image not available', MARGIN + PICTURE_W / 2 - 50, boxTop - PICTURE_H / 2, { size: 11, color: MUTED }, INK);

    // The question for the class first (it is what the class reads), then the team's note.
    const sideX = MARGIN + PICTURE_W + GAP;
    let y = boxTop;
    y = block(text, page, 'QUESTION FOR THE CLASS', step.question, { size: 17, bold: true }, 22, sideX, y);
    y -= 18;
    page.drawLine({ start: { x: sideX, y }, end: { x: sideX + SIDE_W, y }, thickness: 0.75, color: FRAME });
    y -= 16;
    block(text, page, 'WHY THIS ONE, HOW IT CONNECTS', step.note, { size: 11 }, 15, sideX, y);

    const footer = `${sequence.boardTitle || 'Worksort board'} · student names are not shown`;
    const footerStyle: TextStyle = { size: 8.5, color: MUTED };
    text.draw(page, text.truncate(footer, footerStyle, PAGE_W - 2 * MARGIN), MARGIN, MARGIN - 4, footerStyle, INK);
  }
  return pdf.save();
}

/** A labelled paragraph in the side column; answers where the next thing may start. */
function block(
  text: PdfText,
  page: ReturnType<PDFDocument['addPage']>,
  label: string,
  body: string,
  style: TextStyle,
  leading: number,
  x: number,
  top: number,
): number {
  const labelStyle: TextStyle = { size: 8.5, bold: true, color: MUTED };
  text.draw(page, label, x, top - 9, labelStyle, INK);
  let y = top - 16;
  const lines = body.trim() ? text.wrap(body.trim(), style, SIDE_W) : ['—'];
  for (const line of lines) {
    if (y - leading < MARGIN + FOOTER_H) {
      text.draw(page, '…', x, y - style.size, style, INK);
      return y - leading;
    }
    text.draw(page, line, x, y - style.size, body.trim() ? style : { ...style, color: MUTED }, INK);
    y -= leading;
  }
  return y;
}

function drawFitted(page: ReturnType<PDFDocument['addPage']>, image: PDFImage, x: number, y: number, w: number, h: number): void {
  const scale = Math.min(w / image.width, h / image.height);
  const width = image.width * scale;
  const height = image.height * scale;
  page.drawImage(image, { x: x + (w - width) / 2, y: y + (h - height) / 2, width, height });
  page.drawRectangle({ x: x + (w - width) / 2, y: y + (h - height) / 2, width, height, borderColor: FRAME, borderWidth: 0.75 });
}
