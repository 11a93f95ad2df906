import { coreYear, type DateExpression, type Point } from "./date-expression.ts";
import { readJoinedYears } from "./parse-calendar-point.ts";
import { parsePoint } from "./parse-point.ts";
import { compilePhrases, isGluedAt, matchLongest, type Parsed } from "./token-cursor.ts";
import type { Token } from "./tokenize.ts";

type PrefixRole = "neutral" | "from" | "between" | "before" | "approximate";

/**
 * Words written before a date that belong to the date rather than to the label: "dès 2023",
 * "à compter de 2023", "d'ici juin", "avant le 30 juin 2025", "courant 2024"…
 */
const PREFIXES: readonly { readonly phrase: string; readonly role: PrefixRole }[] = [
  ...["de", "du", "depuis", "depuis le", "des", "des le", "a partir de", "a partir du", "a partir d'"].map(
    (phrase) => ({ phrase, role: "from" as const }),
  ),
  ...["a compter de", "a compter du", "a compter d'"].map((phrase) => ({ phrase, role: "from" as const })),
  ...["entre", "entre le"].map((phrase) => ({ phrase, role: "between" as const })),
  ...["avant", "avant le", "avant la", "avant l'"].map((phrase) => ({ phrase, role: "before" as const })),
  ...[
    "vers",
    "vers le",
    "vers la",
    "vers l'",
    "aux alentours de",
    "aux alentours du",
    "autour de",
    "environ",
  ].map((phrase) => ({ phrase, role: "approximate" as const })),
  ...[
    "d'ici",
    "d'ici a",
    "d'ici au",
    "d'ici la",
    "d'ici le",
    "d'ici l'",
    "au plus tard",
    "au plus tard le",
    "au plus tard en",
    "au plus tard au",
    "au plus tard a",
    "jusqu'au",
    "jusqu'a",
    "jusqu'a la",
    "jusqu'a l'",
    "jusqu'en",
    "courant",
    "dans le courant de",
    "dans le courant du",
    "dans le courant de l'",
    "au cours de",
    "au cours du",
    "au cours de l'",
    "au cours de la",
    "lors de",
    "lors du",
    "lors de l'",
    "en",
    "le",
    "la",
    "l'",
    "au",
    "a",
    "a l'",
    "a la",
    "pour",
    "pour le",
    "pour la",
    "dans",
    "dans l'",
    "pendant",
    "pendant l'",
    "durant",
    "durant l'",
    "prevu",
    "prevue",
    "prevus",
    "prevues",
  ].map((phrase) => ({ phrase, role: "neutral" as const })),
];

const COMPILED_PREFIXES = compilePhrases(PREFIXES.map((prefix) => prefix.phrase));

/** Between the two ends of a range: "2022-2023", "janvier à juin", "du 3 au 5 mars", "jusqu'au", "entre … et …". */
const RANGE_CONNECTORS = compilePhrases([
  "-",
  "/",
  "a",
  "au",
  "a la",
  "jusqu'au",
  "jusqu'a",
  "jusqu'a la",
  "jusqu'en",
  "et",
]);

/** Even the clearest range cannot be surer than its ends. */
function rangeConfidence(from: Point, to: Point): number {
  return Math.min(from.confidence, to.confidence);
}

function readPrefixes(
  tokens: readonly Token[],
  index: number,
): { next: number; roles: ReadonlySet<PrefixRole> } {
  const roles = new Set<PrefixRole>();
  let at = index;
  for (let step = 0; step < 3; step += 1) {
    const match = matchLongest(tokens, at, COMPILED_PREFIXES);
    const prefix = match === null ? undefined : PREFIXES[match.which];
    if (match === null || prefix === undefined) break;
    roles.add(prefix.role);
    at = match.next;
  }
  return { next: at, roles };
}

/** "2023-24": a year, a dash and the last two digits of a later year (up to ten years later). */
function readShortEndYear(tokens: readonly Token[], index: number, from: number): Parsed<Point> | null {
  const token = tokens[index];
  const after = tokens[index + 1];
  if (token === undefined || token.kind !== "number" || token.text.length !== 2) return null;
  if (after !== undefined && !after.gapBefore && after.kind !== "punct") return null;
  const to = Math.floor(from / 100) * 100 + Number(token.text);
  if (to <= from || to > from + 10) return null;
  return { value: { core: { kind: "year", year: to }, modifier: null, confidence: 1 }, next: index + 1 };
}

function isCompatibleRange(from: Point, to: Point, connector: string): boolean {
  if (from.core.kind === "day" && from.core.month === null) {
    if (to.core.kind !== "day" || to.core.month === null) return false;
  }
  if (connector === "/" && (from.core.kind !== "year" || to.core.kind !== "year")) return false;
  const fromYear = coreYear(from.core);
  const toYear = coreYear(to.core);
  return fromYear === null || toYear === null || fromYear <= toYear;
}

function readRange(
  tokens: readonly Token[],
  index: number,
  roles: ReadonlySet<PrefixRole>,
): Parsed<DateExpression> | null {
  const joined = readJoinedYears(tokens, index);
  if (joined !== null) {
    const point = (year: number): Point => ({ core: { kind: "year", year }, modifier: null, confidence: 1 });
    return {
      value: {
        kind: "range",
        from: point(joined.value.from),
        to: point(joined.value.to),
        confidence: joined.value.confidence,
      },
      next: joined.next,
    };
  }
  const from = parsePoint(tokens, index, true);
  if (from === null) return null;
  const connector = matchLongest(tokens, from.next, RANGE_CONNECTORS);
  if (connector === null) return null;
  const connectorText = tokens
    .slice(from.next, connector.next)
    .map((token) => token.text)
    .join("");
  if (connectorText === "et" && !roles.has("between")) return null;
  const fromYear = from.value.core.kind === "year" ? from.value.core.year : null;
  const shortEnd =
    connectorText === "-" && fromYear !== null && isGluedAt(tokens, connector.next)
      ? readShortEndYear(tokens, connector.next, fromYear)
      : null;
  const to = shortEnd ?? parsePoint(tokens, connector.next, false);
  if (to === null || !isCompatibleRange(from.value, to.value, connectorText)) return null;
  return {
    value: {
      kind: "range",
      from: from.value,
      to: to.value,
      confidence: rangeConfidence(from.value, to.value),
    },
    next: to.next,
  };
}

function readSinglePoint(
  tokens: readonly Token[],
  index: number,
  roles: ReadonlySet<PrefixRole>,
): Parsed<DateExpression> | null {
  const point = parsePoint(tokens, index, false);
  if (point === null) return null;
  return {
    value: {
      kind: "point",
      point: point.value,
      before: roles.has("before"),
      approximate: roles.has("approximate"),
    },
    next: point.next,
  };
}

/** A date expression (with the words that introduce it) starting exactly at `index`, or null. */
export function parseDateExpressionAt(
  tokens: readonly Token[],
  index: number,
): Parsed<DateExpression> | null {
  const prefix = readPrefixes(tokens, index);
  const range = readRange(tokens, prefix.next, prefix.roles);
  const point = readSinglePoint(tokens, prefix.next, prefix.roles);
  if (range !== null && (point === null || range.next > point.next)) return range;
  return point;
}
