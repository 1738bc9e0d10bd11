// Cover sheets to print (README, "Classes"): one page per student, the name in large type for
// people and a QR code naming the class and the student for the upload. A teacher puts each sheet
// on top of that student's pages and scans or photographs the stack.
import { PDFDocument, type PDFFont, rgb } from 'pdf-lib';
import QRCode from 'qrcode';
import { coverCode, type PaperSize, type Student } from '#shared/classes.js';
import { fontkit, reportFonts } from '../export/fonts.js';

/** Page sizes in points (1/72 in). */
const PAPER: Record<PaperSize, { width: number; height: number }> = {
  letter: { width: 612, height: 792 },
  a4: { width: 595.28, height: 841.89 },
};

/**
 * The code is 3 inches wide: on a phone photo of the whole page, or a 150-dpi scan downsized to
 * 1000 pixels, each module is still several pixels. Quartile error correction (25%) survives a
 * staple, a fold or a pencil mark across it.
 */
const CODE_SIZE = 216;
/** Light margin around the code, in modules: the QR standard asks for four. */
const QUIET_ZONE = 4;
const MARGIN = 54;

/** The largest size, up to `max`, at which `text` fits in `width`. */
function fittingSize(font: PDFFont, text: string, width: number, max: number): number {
  const atOne = font.widthOfTextAtSize(text, 1);
  return atOne > 0 ? Math.max(10, Math.min(max, width / atOne)) : max;
}

export async function coverSheetsPdf(
  classInfo: { id: string; title: string },
  students: readonly Student[],
  paper: PaperSize,
): Promise<Uint8Array> {
  const fonts = await reportFonts();
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  pdf.setTitle(`Cover sheets: ${classInfo.title}`);
  pdf.setCreator('Worksort');
  const bold = await pdf.embedFont(fonts.bold.bytes, { subset: true });
  const regular = await pdf.embedFont(fonts.regular.bytes, { subset: true });
  const { width, height } = PAPER[paper];
  const ink = rgb(0, 0, 0);
  const grey = rgb(0.35, 0.35, 0.35);

  for (const student of students) {
    const page = pdf.addPage([width, height]);
    const textWidth = width - 2 * MARGIN;

    const classLine = classInfo.title;
    page.drawText(classLine, {
      x: MARGIN,
      y: height - MARGIN - 14,
      size: fittingSize(regular, classLine, textWidth, 14),
      font: regular,
      color: grey,
    });

    const nameSize = fittingSize(bold, student.name, textWidth, 54);
    page.drawText(student.name, { x: MARGIN, y: height - MARGIN - 40 - nameSize, size: nameSize, font: bold, color: ink });

    const qr = QRCode.create(coverCode(classInfo.id, student.studentId), { errorCorrectionLevel: 'Q' });
    const modules = qr.modules.size;
    const module = CODE_SIZE / (modules + 2 * QUIET_ZONE);
    const codeX = (width - CODE_SIZE) / 2;
    const codeY = (height - CODE_SIZE) / 2 - 20;
    for (let row = 0; row < modules; row++) {
      for (let column = 0; column < modules; column++) {
        if (!qr.modules.get(row, column)) continue;
        page.drawRectangle({
          x: codeX + (QUIET_ZONE + column) * module,
          // PDF's y grows upwards; the QR matrix's rows go down.
          y: codeY + CODE_SIZE - (QUIET_ZONE + row + 1) * module,
          width: module,
          height: module,
          color: ink,
        });
      }
    }

    const note = 'Put this sheet on top of this student’s pages, then scan or photograph the stack.';
    page.drawText(note, { x: MARGIN, y: MARGIN + 30, size: fittingSize(regular, note, textWidth, 12), font: regular, color: grey });
    const idLine = student.id ? `School id: ${student.id}` : '';
    if (idLine) page.drawText(idLine, { x: MARGIN, y: MARGIN + 10, size: 11, font: regular, color: grey });
  }
  return pdf.save();
}
