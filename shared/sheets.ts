// Contact sheets: the tiny pictures of many pages in one JPEG (server/assets/sheets.ts makes
// them, client/src/board/imageCache.ts cuts them up). Both sides must agree on this layout.

/** Cells per row: cell `i` is at column `i % SHEET_COLUMNS`, row `floor(i / SHEET_COLUMNS)`. */
export const SHEET_COLUMNS = 8;
/** Most pages on one sheet (and in one request). */
export const SHEET_MAX_CELLS = 48;
/** A cell's side in pixels: the longest side of a page's `tiny` size. */
export const SHEET_CELL = 240;
