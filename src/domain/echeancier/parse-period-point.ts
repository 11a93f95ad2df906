import type { Point, PointCore } from "./date-expression.ts";
import {
  compilePhrases,
  isGluedAt,
  isPunctAt,
  isWordAt,
  matchLongest,
  type Parsed,
  readSmallNumber,
  readYear,
  textAt,
} from "./token-cursor.ts";
import type { Token } from "./tokenize.ts";
import { ORDINAL_SUFFIXES, ORDINAL_WORDS, SEASONS } from "./vocabulary.ts";

/** Seasons are fuzzy: "été 2024" is read as June–August. */
export const SEASON_CONFIDENCE = 0.7;
/** "hiver 2024" could be the winter that starts or ends in 2024. */
const WINTER_SINGLE_YEAR_CONFIDENCE = 0.6;
/** "2023/24" is read as a school year: the usual meaning, but still a reading. */
const SLASHED_SCHOOL_YEAR_CONFIDENCE = 0.9;
/** "année scolaire 2024": which one (2023-24 or 2024-25)? We take the one starting in 2024. */
const SINGLE_YEAR_SCHOOL_YEAR_CONFIDENCE = 0.7;
/** "rentrée 2024" is September 2024, give or take a few days. */
const RENTREE_CONFIDENCE = 0.9;

const OF_THE_YEAR = compilePhrases(["de l'annee", "de l'an", "de", "du", "d'"]);
const OF_SEPTEMBER = compilePhrases(["de septembre", "septembre", "en septembre"]);
/** Words that make "été" a season rather than the participle of "être". */
const SEASON_DETERMINERS = new Set(["en", "cet", "ce", "au", "pendant", "durant", "courant"]);

function parsed(core: PointCore, next: number, confidence = 1): Parsed<Point> {
  return { value: { core, modifier: null, confidence }, next };
}

function optionalYear(tokens: readonly Token[], index: number): Parsed<number | null> {
  const direct = readYear(tokens, index);
  if (direct !== null) return direct;
  const ofYear = matchLongest(tokens, index, OF_THE_YEAR);
  const year = ofYear === null ? null : readYear(tokens, ofYear.next);
  return year ?? { value: null, next: index };
}

/** "1er", "premier", "2nd", "second", "3e", "3ème", "troisième", "dernier" (returned as "last"). */
function readOrdinal(tokens: readonly Token[], index: number): Parsed<number | "last"> | null {
  const word = ORDINAL_WORDS.get(textAt(tokens, index) ?? "");
  if (word !== undefined && tokens[index]?.kind === "word") return { value: word, next: index + 1 };
  const number = readSmallNumber(tokens, index, 1, 4);
  if (number === null) return null;
  const suffix = textAt(tokens, number.next);
  if (suffix !== undefined && ORDINAL_SUFFIXES.has(suffix))
    return { value: number.value, next: number.next + 1 };
  return number;
}

/** "T3 2025", "Q1 2024", "S1 2025": the short forms need a year ("T3" alone is also a flat size). */
function readShortUnit(tokens: readonly Token[], index: number): Parsed<Point> | null {
  const letter = textAt(tokens, index);
  if (tokens[index]?.kind !== "word" || !isGluedAt(tokens, index + 1)) return null;
  const isQuarter = letter === "t" || letter === "q";
  if (!isQuarter && letter !== "s") return null;
  const number = readSmallNumber(tokens, index + 1, 1, isQuarter ? 4 : 2);
  const year = number === null ? null : readYear(tokens, number.next);
  if (number === null || year === null) return null;
  const core: PointCore = isQuarter
    ? { kind: "quarter", quarter: number.value, year: year.value }
    : { kind: "semester", semester: number.value, year: year.value };
  return parsed(core, year.next);
}

/** "premier semestre 2024", "2nd semestre", "3e trimestre 2025", "dernier trimestre de l'année 2023". */
function readOrdinalUnit(tokens: readonly Token[], index: number): Parsed<Point> | null {
  const ordinal = readOrdinal(tokens, index);
  if (ordinal === null) return null;
  const unit = textAt(tokens, ordinal.next);
  if (unit !== "trimestre" && unit !== "semestre") return null;
  const count = unit === "trimestre" ? 4 : 2;
  const rank = ordinal.value === "last" ? count : ordinal.value;
  if (rank > count) return null;
  const year = optionalYear(tokens, ordinal.next + 1);
  const core: PointCore =
    unit === "trimestre"
      ? { kind: "quarter", quarter: rank, year: year.value }
      : { kind: "semester", semester: rank, year: year.value };
  return parsed(core, year.next);
}

function hasSeasonDeterminer(tokens: readonly Token[], index: number): boolean {
  if (isPunctAt(tokens, index - 1, "'")) return isWordAt(tokens, index - 2, "l", "d");
  const previous = textAt(tokens, index - 1);
  return previous !== undefined && SEASON_DETERMINERS.has(previous);
}

/** "été 2024", "printemps 2025", "hiver", "hiver 2024-2025"; "été" alone needs "l'", "en", "cet"… */
function readSeason(tokens: readonly Token[], index: number): Parsed<Point> | null {
  const season = SEASONS.get(textAt(tokens, index) ?? "");
  if (season === undefined || tokens[index]?.kind !== "word") return null;
  const year = optionalYear(tokens, index + 1);
  if (season === "summer" && year.value === null && !hasSeasonDeterminer(tokens, index)) return null;
  if (season !== "winter" || year.value === null) {
    return parsed({ kind: "season", season, year: year.value }, year.next, SEASON_CONFIDENCE);
  }
  const second = isPunctAt(tokens, year.next, "-", "/") ? readYear(tokens, year.next + 1) : null;
  if (second !== null && second.value === year.value + 1) {
    return parsed({ kind: "season", season, year: second.value }, second.next, SEASON_CONFIDENCE);
  }
  return parsed({ kind: "season", season, year: year.value }, year.next, WINTER_SINGLE_YEAR_CONFIDENCE);
}

/** The year after `index` when it follows `first` ("2024-2025", "2024/25"); null otherwise. */
function readFollowingYear(tokens: readonly Token[], index: number, first: number): Parsed<number> | null {
  if (!isPunctAt(tokens, index, "/", "-")) return null;
  const token = tokens[index + 1];
  if (token?.kind === "number" && token.text.length === 2) {
    const after = tokens[index + 2];
    if (after !== undefined && !after.gapBefore && after.kind !== "punct") return null;
    return (first + 1) % 100 === Number(token.text) ? { value: first + 1, next: index + 2 } : null;
  }
  const year = readYear(tokens, index + 1);
  return year !== null && year.value === first + 1 ? year : null;
}

/** "année scolaire 2024-2025", "année scolaire", "2023/24", "2023/2024". */
function readSchoolYear(tokens: readonly Token[], index: number): Parsed<Point> | null {
  if (isWordAt(tokens, index, "annee") && isWordAt(tokens, index + 1, "scolaire")) {
    const first = readYear(tokens, index + 2);
    if (first === null) return parsed({ kind: "schoolYear", startYear: null }, index + 2);
    const second = readFollowingYear(tokens, first.next, first.value);
    if (second === null) {
      return parsed(
        { kind: "schoolYear", startYear: first.value },
        first.next,
        SINGLE_YEAR_SCHOOL_YEAR_CONFIDENCE,
      );
    }
    return parsed({ kind: "schoolYear", startYear: first.value }, second.next);
  }
  const first = readYear(tokens, index);
  if (first === null || !isPunctAt(tokens, first.next, "/")) return null;
  const second = readFollowingYear(tokens, first.next, first.value);
  if (second === null) return null;
  return parsed({ kind: "schoolYear", startYear: first.value }, second.next, SLASHED_SCHOOL_YEAR_CONFIDENCE);
}

/** "rentrée 2024", "rentrée scolaire 2024-2025", "rentrée de septembre 2024": September of that year. */
function readRentree(tokens: readonly Token[], index: number): Parsed<Point> | null {
  if (!isWordAt(tokens, index, "rentree")) return null;
  let at = index + 1;
  if (isWordAt(tokens, at, "scolaire")) at += 1;
  let confidence = RENTREE_CONFIDENCE;
  const ofSeptember = matchLongest(tokens, at, OF_SEPTEMBER);
  if (ofSeptember !== null) {
    at = ofSeptember.next;
    confidence = 1;
  }
  const year = optionalYear(tokens, at);
  const second = year.value === null ? null : readFollowingYear(tokens, year.next, year.value);
  return parsed({ kind: "month", month: 9, year: year.value }, second?.next ?? year.next, confidence);
}

/** Quarters, semesters, seasons, school years and "rentrée". */
export function readPeriodPoint(tokens: readonly Token[], index: number): Parsed<Point> | null {
  const candidates = [
    readShortUnit(tokens, index),
    readOrdinalUnit(tokens, index),
    readSeason(tokens, index),
    readSchoolYear(tokens, index),
    readRentree(tokens, index),
  ];
  let best: Parsed<Point> | null = null;
  for (const candidate of candidates) {
    if (candidate !== null && (best === null || candidate.next > best.next)) best = candidate;
  }
  return best;
}
