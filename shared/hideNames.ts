// "Hide names": the label shown for each card when student names must not be seen (a projector,
// an export shared outside the team). The board, the exports and the reports number cards alike.

/**
 * `Student 1`, `Student 2`, … for the given card ids, numbered in the order of the ids. Ids are
 * random, so the numbers reveal nothing of a student's name, upload order or pile, and a card
 * keeps its number while it is moved, re-ordered or renamed. (Adding or deleting cards can shift
 * the numbers of others: a number is stable for a given set of cards, like a snapshot.)
 */
export function hiddenStudentLabels(cardIds: Iterable<string>): Map<string, string> {
  const ids = [...new Set(cardIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(ids.map((id, index) => [id, `Student ${index + 1}`]));
}
