import { BotError } from "./errors.ts";

export const PAGE_SIZE = 10;

export interface Page<T> {
  items: T[];
  /** 1-based. */
  number: number;
  /** How many pages the whole list takes (at least 1, even when empty). */
  count: number;
  total: number;
  /** Items after this page. */
  remaining: number;
}

/** One page of a list; asking past the last page is the user's mistake, said in French. */
export function paginate<T>(items: readonly T[], page = 1, size = PAGE_SIZE): Page<T> {
  const count = Math.max(1, Math.ceil(items.length / size));
  if (!Number.isInteger(page) || page < 1) throw badPage(String(page));
  if (page > count) {
    throw new BotError(
      "bad_arguments",
      count === 1
        ? `Il n'y a pas de page ${page} : la liste tient sur une seule page.`
        : `Il n'y a pas de page ${page} : la liste tient sur ${count} pages.`,
    );
  }
  const start = (page - 1) * size;
  const shown = items.slice(start, start + size);
  return {
    items: shown,
    number: page,
    count,
    total: items.length,
    remaining: items.length - start - shown.length,
  };
}

/**
 * Takes "page N" out of a command's free text: "axe 2 page 3" → { rest: "axe 2", page: 3 }.
 * "page 0", "page abc" or a bare "page" are refused in French.
 */
export function takePage(input: string | undefined): { rest: string | undefined; page: number } {
  if (input === undefined) return { rest: undefined, page: 1 };
  const match = /(^|\s)page(?:\s+(\S+))?(?=\s|$)/i.exec(input);
  if (match === null) return { rest: input, page: 1 };
  const value = match[2];
  if (value === undefined || !/^\d{1,4}$/.test(value) || Number(value) === 0) throw badPage(value);
  const rest = `${input.slice(0, match.index)} ${input.slice(match.index + match[0].length)}`.trim();
  return { rest: rest === "" ? undefined : rest, page: Number(value) };
}

/** "… et 6 autres : « /ctg actions axe 2 page 2 »." — `command` repeats the filters; null on the last page. */
export function moreHint(page: Page<unknown>, command: string, prefix: string): string | null {
  if (page.remaining <= 0) return null;
  const others = page.remaining > 1 ? `${page.remaining} autres` : "1 autre";
  return `… et ${others} : « ${prefix} ${command.trim()} page ${page.number + 1} ».`;
}

/** What a heading adds in brackets: " (axe 2, page 2 sur 3)", or nothing for an unfiltered single page. */
export function pageLabel(page: Page<unknown>, ...details: (string | null | undefined)[]): string {
  const parts = [...details, page.count > 1 ? `page ${page.number} sur ${page.count}` : ""].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}

function badPage(value: string | undefined): BotError {
  return new BotError(
    "bad_arguments",
    value === undefined
      ? "Indiquez le numéro de la page, par exemple « page 2 »."
      : `Le numéro de page s'écrit en chiffres à partir de 1, par exemple « page 2 » (et non « ${value} »).`,
  );
}
