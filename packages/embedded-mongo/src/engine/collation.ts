import { type Document } from "bson";
import { badValue } from "../errors.js";

/**
 * A collation other than `simple`: strings compare as `Intl.Collator` does for English, at ICU
 * strength 1 (base letters: case and accents ignored), 2 (accents count, case does not) or 3 and
 * above (case and accents count; only the order differs from `simple`).
 */
export class Collation {
  private readonly collator: Intl.Collator;

  constructor(readonly strength: number) {
    const sensitivity = strength === 1 ? "base" : strength === 2 ? "accent" : "variant";
    this.collator = new Intl.Collator("en", { sensitivity, usage: "sort" });
  }

  /** A string standing for `s` such that equal keys <=> equal under this collation (for equality and unique keys). */
  key(s: string): string {
    if (this.strength === 1) return s.normalize("NFD").replace(/\p{M}+/gu, "").toLocaleLowerCase("en").normalize("NFC");
    if (this.strength === 2) return s.normalize("NFC").toLocaleLowerCase("en");
    return s.normalize("NFC");
  }

  compare(a: string, b: string): number {
    return this.collator.compare(a, b);
  }

  /** A deep copy of a document or filter with every string replaced by its key (regular expressions untouched). */
  keyed<T>(value: T): T {
    if (typeof value === "string") return this.key(value) as T;
    if (Array.isArray(value)) return (value as unknown[]).map((v) => this.keyed(v)) as T;
    if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
      const out: Document = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = this.keyed(v);
      return out as T;
    }
    return value;
  }
}

const cache = new Map<number, Collation>();

/**
 * Reads a `collation` option: `{ locale: "simple" }` (or none) gives null, `{ locale: "en" ...,
 * strength }` a Collation. Other locales and options beyond `strength` are refused: they are not
 * implemented, and silently comparing differently from MongoDB would give wrong answers.
 */
export function collationOf(raw: unknown): Collation | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== "object" || Array.isArray(raw)) throw badValue("collation must be an object");
  const spec = raw as Document;
  const locale: unknown = spec.locale;
  if (typeof locale !== "string") throw badValue("Missing required field locale");
  if (locale === "simple") return null;
  if (!/^en(_[A-Z]{2})?$/.test(locale)) throw badValue(`collation locale '${locale}' is not supported by embedded-mongo (simple and en are)`);
  for (const [k, v] of Object.entries(spec)) {
    if (k === "locale" || k === "strength" || k === "version") continue;
    const harmless = (k === "caseLevel" || k === "numericOrdering" || k === "backwards" || k === "normalization") ? v === false
      : k === "caseFirst" ? v === "off" : k === "alternate" ? v === "non-ignorable" : k === "maxVariable" ? v === "punct" : false;
    if (!harmless) throw badValue(`collation option ${k}: ${JSON.stringify(v)} is not supported by embedded-mongo (only locale and strength)`);
  }
  const strength = spec.strength === undefined ? 3 : Number(spec.strength);
  if (!Number.isInteger(strength) || strength < 1 || strength > 5) throw badValue(`collation strength must be an integer from 1 to 5, found ${String(spec.strength)}`);
  let c = cache.get(strength);
  if (!c) cache.set(strength, (c = new Collation(strength)));
  return c;
}
