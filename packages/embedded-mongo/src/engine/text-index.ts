import { type Document } from "bson";
import { commandError } from "../errors.js";
import { type IndexSpec } from "./index-spec.js";
import { valuesAtPath } from "./paths.js";
import { parseSearch, terms, type TextLanguage, textLanguage, words } from "./text-tokens.js";

/** True for a text index spec (`key: { _fts: "text", _ftsx: 1 }` once normalised). */
export function isTextSpec(spec: IndexSpec): boolean {
  return spec.key._fts === "text";
}

function stringsIn(value: unknown, out: string[]): void {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value as Document)) stringsIn(v, out);
  }
}

/**
 * A text index: for each term (stemmed word), the documents containing it with their score, which
 * follows MongoDB's formula: per field, a term seen n times adds weight x (1 + 1/2 + ... + 1/2^(n-1))
 * x (0.5 x n / words in the field + 0.5). A document's text score for a search is the sum of the
 * scores of the search's terms it contains.
 */
export class TextIndex {
  private readonly postings = new Map<string, Map<string, number>>();
  private readonly weights: [string, number][];
  private readonly language: TextLanguage;
  private readonly languageOverride: string;

  constructor(readonly spec: IndexSpec) {
    this.weights = Object.entries((spec.weights as Document | undefined) ?? {}).map(([f, w]) => [f, Number(w)]);
    this.language = textLanguage(spec.default_language, "text index");
    this.languageOverride = typeof spec.language_override === "string" ? spec.language_override : "language";
  }

  private docLanguage(view: Document): TextLanguage {
    const raw: unknown = view[this.languageOverride];
    return raw === "none" ? "none" : raw === "english" || raw === "en" ? "english" : this.language;
  }

  private fieldTexts(view: Document, field: string): string[] {
    const out: string[] = [];
    if (field === "$**") stringsIn(view, out);
    else for (const v of valuesAtPath(view, field)) stringsIn(v, out);
    return out;
  }

  /** Term -> score of one document. */
  scores(view: Document): Map<string, number> {
    const language = this.docLanguage(view);
    const total = new Map<string, number>();
    for (const [field, weight] of this.weights) {
      for (const text of this.fieldTexts(view, field)) {
        const list = terms(text, language);
        if (list.length === 0) continue;
        const seen = new Map<string, { count: number; freq: number; exp: number }>();
        for (const t of list) {
          const s = seen.get(t) ?? { count: 0, freq: 0, exp: 0 };
          s.exp = s.exp === 0 ? 1 : s.exp * 2;
          s.freq += 1 / s.exp;
          s.count++;
          seen.set(t, s);
        }
        for (const [t, s] of seen) {
          const coeff = (0.5 * s.count) / list.length + 0.5;
          total.set(t, (total.get(t) ?? 0) + weight * s.freq * coeff);
        }
      }
    }
    return total;
  }

  add(view: Document, idKey: string): void {
    for (const [term, score] of this.scores(view)) {
      let docs = this.postings.get(term);
      if (!docs) this.postings.set(term, (docs = new Map<string, number>()));
      docs.set(idKey, score);
    }
  }

  remove(view: Document, idKey: string): void {
    for (const term of this.scores(view).keys()) {
      const docs = this.postings.get(term);
      docs?.delete(idKey);
      if (docs?.size === 0) this.postings.delete(term);
    }
  }

  /** The folded words of a document's indexed fields, for phrase matching. */
  private wordLine(view: Document): string {
    const parts: string[] = [];
    for (const [field] of this.weights) for (const text of this.fieldTexts(view, field)) parts.push(words(text).join(" "));
    return ` ${parts.join(" | ")} `;
  }

  /** Documents matching a `$text` search with their scores; `load` gives a document's view by id key. */
  search(search: TextSearchOptions, load: (idKey: string) => Document | undefined): Map<string, number> {
    const language = search.language === undefined ? this.language : textLanguage(search.language, "$text");
    const parsed = parseSearch(search.search, language);
    const out = new Map<string, number>();
    for (const term of parsed.terms) {
      for (const [idKey, score] of this.postings.get(term) ?? []) out.set(idKey, (out.get(idKey) ?? 0) + score);
    }
    for (const term of parsed.negatedTerms) for (const idKey of this.postings.get(term)?.keys() ?? []) out.delete(idKey);
    if (parsed.phrases.length > 0 || parsed.negatedPhrases.length > 0) {
      for (const idKey of [...out.keys()]) {
        const view = load(idKey);
        const line = view ? this.wordLine(view) : "";
        const ok = parsed.phrases.every((p) => line.includes(` ${p} `)) && !parsed.negatedPhrases.some((p) => line.includes(` ${p} `));
        if (!ok) out.delete(idKey);
      }
    }
    return out;
  }
}

export interface TextSearchOptions {
  search: string;
  language?: unknown;
}

/** Reads a `$text` operand: `{ $search, $language?, $caseSensitive?, $diacriticSensitive? }`. */
export function parseTextOperand(raw: unknown): TextSearchOptions {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw commandError("BadValue", "$text expects an object");
  const op = raw as Document;
  if (typeof op.$search !== "string") throw commandError("BadValue", "$search required and must be a string");
  for (const key of Object.keys(op)) {
    if (!["$search", "$language", "$caseSensitive", "$diacriticSensitive"].includes(key)) throw commandError("BadValue", `extra fields in $text: ${key}`);
  }
  if (op.$caseSensitive === true || op.$diacriticSensitive === true) {
    throw commandError("CommandNotSupported", "$text with $caseSensitive or $diacriticSensitive true is not supported by embedded-mongo");
  }
  return { search: op.$search, language: op.$language };
}
