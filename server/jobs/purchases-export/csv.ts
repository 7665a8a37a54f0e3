import { stringify, type Stringifier } from "csv-stringify";

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

export function purchasesCsv(): Stringifier {
  return stringify({
    header: true,
    columns: [...PURCHASE_COLUMNS],
    cast: { string: neutralizeFormula },
  });
}

export const formatPrice = (cents: number) => (cents / 100).toFixed(2);
