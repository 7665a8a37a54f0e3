import { stemmer } from "stemmer";
import { badValue } from "../errors.js";

/**
 * Common English function words, ignored in text indexes and `$text` searches as MongoDB's
 * English stop-word list does (this list is the engine's own, smaller than MongoDB's).
 */
const ENGLISH_STOP_WORDS = new Set(
  (
    "a about above after again against all am an and any are as at be because been before being below between both " +
    "but by can could did do does doing down during each few for from further had has have having he her here hers " +
    "herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on " +
    "once only or other our ours ourselves out over own same she should so some such than that the their theirs them " +
    "themselves then there these they this those through to too under until up very was we were what when where which " +
    "while who whom why will with would you your yours yourself yourselves"
  ).split(" "),
);

export type TextLanguage = "english" | "none";

/** MongoDB's names for the languages supported here: English (stemmed, stop words) and none (neither). */
export function textLanguage(raw: unknown, what: string): TextLanguage {
  if (raw === undefined || raw === null) return "english";
  if (raw === "english" || raw === "en") return "english";
  if (raw === "none") return "none";
  throw badValue(`${what}: language ${typeof raw === "string" ? `'${raw}'` : JSON.stringify(raw)} is not supported by embedded-mongo (english and none are)`);
}

/** Lower case, accents removed: `$text` is case and diacritic insensitive (text index version 3). */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/** The words of a text, folded, in order (stop words included). */
export function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu) ?? [];
}

/** The index terms of a text: words minus stop words, stemmed for English. */
export function terms(text: string, language: TextLanguage): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    const bare = word.replace(/'s$/u, "").replace(/'/gu, "");
    if (language === "english") {
      if (ENGLISH_STOP_WORDS.has(bare)) continue;
      out.push(stemmer(bare));
    } else {
      out.push(bare);
    }
  }
  return out;
}

export interface TextSearch {
  /** Terms any of which a document must contain (stemmed). */
  terms: string[];
  /** Phrases a document must all contain (folded). */
  phrases: string[];
  /** Terms and phrases a document must not contain. */
  negatedTerms: string[];
  negatedPhrases: string[];
}

/** Parses a `$search` string: words, "quoted phrases" and -negations, as MongoDB does. */
export function parseSearch(search: string, language: TextLanguage): TextSearch {
  const out: TextSearch = { terms: [], phrases: [], negatedTerms: [], negatedPhrases: [] };
  const re = /(-?)"([^"]*)"?|(\S+)/gu;
  for (let m = re.exec(search); m; m = re.exec(search)) {
    if (m[2] !== undefined) {
      const phrase = words(m[2]).join(" ");
      if (!phrase) continue;
      (m[1] === "-" ? out.negatedPhrases : out.phrases).push(phrase);
      if (m[1] !== "-") out.terms.push(...terms(m[2], language));
      continue;
    }
    const token = m[3] ?? "";
    const negated = token.startsWith("-");
    const found = terms(negated ? token.slice(1) : token, language);
    (negated ? out.negatedTerms : out.terms).push(...found);
  }
  out.terms = [...new Set(out.terms)];
  return out;
}
