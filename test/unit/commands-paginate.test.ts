import { describe, expect, it } from "vitest";
import { readActionFilters } from "../../commands/actions.ts";
import { readEcheancesArgs, readPeriod } from "../../commands/echeances.ts";
import { BotError } from "../../src/core/errors.ts";
import { documentName, matchCommune } from "../../src/core/knowledge-context.ts";
import { moreHint, pageLabel, paginate, takePage } from "../../src/core/paginate.ts";
import { durationFr } from "../../src/core/present.ts";

const items = Array.from({ length: 23 }, (_, i) => i + 1);

function userMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof BotError) return error.userMessage;
    throw error;
  }
  throw new Error("no BotError thrown");
}

describe("paginate", () => {
  it("cuts a list into pages of 10 and counts what is left", () => {
    const first = paginate(items);
    expect(first).toMatchObject({ number: 1, count: 3, total: 23, remaining: 13 });
    expect(first.items).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const last = paginate(items, 3);
    expect(last.items).toEqual([21, 22, 23]);
    expect(last.remaining).toBe(0);
  });

  it("keeps an empty list on one page", () => {
    expect(paginate([], 1)).toMatchObject({ items: [], count: 1, total: 0, remaining: 0 });
  });

  it("says in French that a page past the end does not exist", () => {
    expect(userMessage(() => paginate(items, 4))).toBe(
      "Il n'y a pas de page 4 : la liste tient sur 3 pages.",
    );
    expect(userMessage(() => paginate([1, 2], 2))).toBe(
      "Il n'y a pas de page 2 : la liste tient sur une seule page.",
    );
  });

  it("hints at the next page with the same filters, and labels pages only when there are several", () => {
    expect(moreHint(paginate(items), "actions axe 2", "/ctg")).toBe(
      "… et 13 autres : « /ctg actions axe 2 page 2 ».",
    );
    expect(moreHint(paginate(items.slice(0, 11)), "agenda", "!ctg")).toBe(
      "… et 1 autre : « !ctg agenda page 2 ».",
    );
    expect(moreHint(paginate(items, 3), "agenda", "/ctg")).toBeNull();
    expect(pageLabel(paginate(items, 2))).toBe(" (page 2 sur 3)");
    expect(pageLabel(paginate(items, 2), "axe 2", "")).toBe(" (axe 2, page 2 sur 3)");
    expect(pageLabel(paginate([1]), "ALSH")).toBe(" (ALSH)");
    expect(pageLabel(paginate([1]))).toBe("");
  });
});

describe("takePage", () => {
  it("takes « page N » out of the filters wherever it is", () => {
    expect(takePage("axe 2 page 3")).toEqual({ rest: "axe 2", page: 3 });
    expect(takePage("page 2 copil")).toEqual({ rest: "copil", page: 2 });
    expect(takePage("page 2")).toEqual({ rest: undefined, page: 2 });
    expect(takePage("jeunesse")).toEqual({ rest: "jeunesse", page: 1 });
    expect(takePage(undefined)).toEqual({ rest: undefined, page: 1 });
  });

  it("refuses page 0, a page in letters and a page without number", () => {
    expect(userMessage(() => takePage("page 0"))).toBe(
      "Le numéro de page s'écrit en chiffres à partir de 1, par exemple « page 2 » (et non « 0 »).",
    );
    expect(userMessage(() => takePage("axe 2 page abc"))).toContain("(et non « abc »)");
    expect(userMessage(() => takePage("axe 2 page"))).toBe(
      "Indiquez le numéro de la page, par exemple « page 2 ».",
    );
  });
});

describe("reading command filters", () => {
  it("reads the actions filters in any order, statut accents optional", () => {
    expect(readActionFilters("axe 2 statut realisee jeunesse page 2")).toEqual({
      axis: "2",
      status: "realisee",
      words: "jeunesse",
      page: 2,
    });
    expect(readActionFilters("à lancer tiers-lieu")).toEqual({
      status: "a_lancer",
      words: "tiers-lieu",
      page: 1,
    });
    expect(readActionFilters("2")).toEqual({ axis: "2", page: 1 });
    expect(userMessage(() => readActionFilters("statut terminée"))).toBe(
      "Je ne connais pas le statut « terminée ». Statuts : en cours, à lancer, réalisée, suspendue, abandonnée.",
    );
  });

  it("reads échéances keywords and the axe / action restrictions", () => {
    expect(readEcheancesArgs("en retard axe 4")).toEqual({
      period: undefined,
      late: true,
      axis: "4",
      page: 1,
    });
    expect(readEcheancesArgs("2024 action 1.1 page 2")).toEqual({
      period: "2024",
      late: false,
      action: "1.1",
      page: 2,
    });
  });

  it("reads the week (Monday to Sunday), the month and the calendar quarter around today", () => {
    // Sunday 22 November 2026.
    expect(readPeriod("cette semaine", "2026-11-22")).toMatchObject({ from: "2026-11-16", to: "2026-11-22" });
    expect(readPeriod("semaine", "2026-11-16")).toMatchObject({ from: "2026-11-16", to: "2026-11-22" });
    expect(readPeriod("ce mois", "2026-02-10")).toMatchObject({ from: "2026-02-01", to: "2026-02-28" });
    expect(readPeriod("trimestre", "2026-11-22")).toMatchObject({ from: "2026-10-01", to: "2026-12-31" });
    expect(readPeriod("ce trimestre", "2026-01-01")).toMatchObject({ from: "2026-01-01", to: "2026-03-31" });
  });
});

describe("territory wording", () => {
  const communes = ["Boé", "Le Passage", "Saint-Nicolas-de-la-Balerme", "Saint-Sixte", "Bon-Encontre"].map(
    (name) => ({ name, slug: name.toLowerCase(), postalCode: null }),
  );

  it("finds a commune typed loosely", () => {
    for (const typed of [
      "boe",
      "BOÉ",
      "à Boé",
      "st nicolas de la balerme",
      "Passage",
      "Bon Encontre",
      "Bonencontre",
    ]) {
      expect(matchCommune(typed, communes).kind, typed).toBe("found");
    }
    expect(matchCommune("saint", communes)).toMatchObject({ kind: "several" });
    expect(matchCommune("Paris", communes)).toEqual({ kind: "none", near: [] });
  });

  it("names the document a fact comes from", () => {
    expect(documentName("Charte de partenariat GMVA, objet de la charte").the).toBe("La charte");
    expect(documentName("Brochure « Convention Territoriale Globale … »").the).toBe("La brochure");
    expect(documentName("Convention CTG 2022-2026, article 13").of).toBe("de la convention");
    expect(documentName(null).the).toBe("Le plan");
  });

  it("computes a convention's duration from its first and last days, both included", () => {
    expect(durationFr("2022-01-01", "2026-12-31")).toBe("5 ans");
    expect(durationFr("2024-01-01", "2027-06-30")).toBe("3 ans et 6 mois");
    expect(durationFr("2019-12-31", "2024-12-31")).toBe("5 ans et 1 jour");
    expect(durationFr("2025-01-01", "2025-12-31")).toBe("1 an");
  });
});
