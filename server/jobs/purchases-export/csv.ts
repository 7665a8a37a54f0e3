import { stringify } from "csv-stringify/sync";

/** The CSV encoding of the purchases export: csv-stringify does the quoting; we neutralise formulas. */

export const PURCHASE_COLUMNS = ["id", "date", "learner", "email", "course", "price", "currency"] as const;
export type PurchaseRow = Record<(typeof PURCHASE_COLUMNS)[number], string>;

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return first)
 * gets a leading apostrophe, so `=HYPERLINK(...)` in a learner's name stays text (OWASP "CSV injection").
 */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * One slice of the file: `rows` as CSV lines, led by the header line when `first`. The export encodes a
 * batch at a time (synchronously), so a batch's rows die before the next batch is read; a stream encoder
 * kept every row of a batch alive in its buffer until the file's writer pulled it.
 */
export function purchasesCsvChunk(rows: PurchaseRow[], first: boolean): string {
  return stringify(rows, {
    header: first,
    columns: [...PURCHASE_COLUMNS],
    cast: { string: neutralizeFormula },
  });
}

export const formatPrice = (cents: number) => (cents / 100).toFixed(2);
