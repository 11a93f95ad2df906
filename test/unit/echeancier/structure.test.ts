import { afterEach, describe, expect, it, vi } from "vitest";
import { parseEcheancier } from "../../../src/domain/echeancier/parse-echeancier.ts";

const REF = "2024-01-19";

describe("contrat de sortie", () => {
  it("une cellule vide ou faite de blancs ne donne aucun jalon", () => {
    expect(parseEcheancier("", { ref: REF })).toEqual([]);
    expect(parseEcheancier("  \n\t\u00a0 ", { ref: REF })).toEqual([]);
    expect(parseEcheancier("<p> </p>", { ref: REF })).toEqual([]);
  });

  it("chaque jalon a exactement les six clés, dans l'ordre du contrat", () => {
    const [milestone] = parseEcheancier("2023 : lancement", { ref: REF });
    expect(JSON.stringify(milestone)).toBe(
      '{"label":"lancement","start":"2023-01-01","end":"2023-12-31","precision":"year","text":"2023 : lancement","confidence":1}',
    );
  });

  it("un jalon illisible a ses dates et sa précision à null et une confiance de 0", () => {
    const [milestone] = parseEcheancier("Etapes suivantes : A définir collectivement", { ref: REF });
    expect(Object.keys(milestone ?? {})).toEqual([
      "label",
      "start",
      "end",
      "precision",
      "text",
      "confidence",
    ]);
    expect(milestone).toEqual({
      label: "Etapes suivantes : A définir collectivement",
      start: null,
      end: null,
      precision: null,
      text: "Etapes suivantes : A définir collectivement",
      confidence: 0,
    });
  });

  it("une date de référence mal formée est refusée", () => {
    expect(() => parseEcheancier("novembre", { ref: "2024-02-30" })).toThrow(RangeError);
    expect(() => parseEcheancier("novembre", { ref: "19/01/2024" })).toThrow(RangeError);
  });
});

describe("date de référence par défaut", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sans ref, les dates sans année se lisent depuis la date du jour à Paris, pas en UTC", () => {
    vi.useFakeTimers();
    // 31 March 2025, 22:30 UTC is already 1 April 2025 at 00:30 in Paris (summer time, UTC+2).
    vi.setSystemTime(new Date("2025-03-31T22:30:00Z"));
    expect(parseEcheancier("d'ici mars")).toEqual([
      {
        label: "d'ici mars",
        start: "2026-03-01",
        end: "2026-03-31",
        precision: "month",
        text: "d'ici mars",
        confidence: 0.8,
      },
    ]);
  });
});

describe("restes de HTML", () => {
  it("les <li> d'une liste <ul style=…> donnent un jalon chacun, &nbsp; et &ndash; décodés", () => {
    const cell =
      '<ul style="list-style-type: none"><li>2023&nbsp;: lancement</li><li>2024 &ndash; bilan</li></ul>';
    expect(parseEcheancier(cell, { ref: REF })).toEqual([
      {
        label: "lancement",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : lancement",
        confidence: 1,
      },
      {
        label: "bilan",
        start: "2024-01-01",
        end: "2024-12-31",
        precision: "year",
        text: "2024 – bilan",
        confidence: 1,
      },
    ]);
  });

  it("les entités nommées (&eacute;, &amp;) sont décodées dans le texte et le libellé", () => {
    expect(parseEcheancier("D&eacute;cembre 2023&nbsp;: bilan &amp; perspectives", { ref: REF })).toEqual([
      {
        label: "bilan & perspectives",
        start: "2023-12-01",
        end: "2023-12-31",
        precision: "month",
        text: "Décembre 2023 : bilan & perspectives",
        confidence: 1,
      },
    ]);
  });

  it("un exposant <sup>er</sup> est recollé : « 1er janvier 2022 »", () => {
    expect(parseEcheancier("1<sup>er</sup> janvier 2022 : entrée des 44 communes", { ref: REF })).toEqual([
      {
        label: "entrée des 44 communes",
        start: "2022-01-01",
        end: "2022-01-01",
        precision: "day",
        text: "1er janvier 2022 : entrée des 44 communes",
        confidence: 1,
      },
    ]);
  });

  it("un paragraphe sans date à côté d'un paragraphe daté reste un jalon illisible", () => {
    expect(parseEcheancier("<p>2023 : création</p><p>A définir collectivement</p>", { ref: REF })).toEqual([
      {
        label: "création",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : création",
        confidence: 1,
      },
      {
        label: "A définir collectivement",
        start: null,
        end: null,
        precision: null,
        text: "A définir collectivement",
        confidence: 0,
      },
    ]);
  });

  it("une cellule sans aucune date, sur plusieurs paragraphes, reste un seul jalon illisible", () => {
    expect(parseEcheancier("<p>A définir</p><p>collectivement</p>", { ref: REF })).toEqual([
      {
        label: "A définir collectivement",
        start: null,
        end: null,
        precision: null,
        text: "A définir collectivement",
        confidence: 0,
      },
    ]);
  });

  it("chaque <li> garde son libellé, y compris celui sans date entre deux dates", () => {
    const cell = "<ul><li>Réunion dès 2023</li><li>Suivi régulier</li><li>Bilan en 2025</li></ul>";
    expect(parseEcheancier(cell, { ref: REF })).toEqual([
      {
        label: "Réunion",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "Réunion dès 2023",
        confidence: 1,
      },
      {
        label: "Suivi régulier",
        start: null,
        end: null,
        precision: null,
        text: "Suivi régulier",
        confidence: 0,
      },
      {
        label: "Bilan",
        start: "2025-01-01",
        end: "2025-12-31",
        precision: "year",
        text: "Bilan en 2025",
        confidence: 1,
      },
    ]);
  });
});

describe("découpage en jalons", () => {
  it("une suite de dates reliées par « , » et « et » partage le libellé et l'année écrite à la fin", () => {
    const text = "Réunions le 12 mars, le 4 avril et le 6 juin 2024";
    expect(parseEcheancier(text, { ref: "2025-09-01" })).toEqual([
      { label: "Réunions", start: "2024-03-12", end: "2024-03-12", precision: "day", text, confidence: 1 },
      { label: "Réunions", start: "2024-04-04", end: "2024-04-04", precision: "day", text, confidence: 1 },
      { label: "Réunions", start: "2024-06-06", end: "2024-06-06", precision: "day", text, confidence: 1 },
    ]);
  });

  it("une année seule sur sa ligne place les mois qui suivent dans cette année", () => {
    expect(parseEcheancier("2024<br>mars : lancement<br/>juin : bilan", { ref: "2025-06-01" })).toEqual([
      {
        label: "2024",
        start: "2024-01-01",
        end: "2024-12-31",
        precision: "year",
        text: "2024",
        confidence: 1,
      },
      {
        label: "lancement",
        start: "2024-03-01",
        end: "2024-03-31",
        precision: "month",
        text: "mars : lancement",
        confidence: 0.9,
      },
      {
        label: "bilan",
        start: "2024-06-01",
        end: "2024-06-30",
        precision: "month",
        text: "juin : bilan",
        confidence: 0.9,
      },
    ]);
  });

  it("après une plage de plusieurs années, un mois sans année se lit depuis la date de référence", () => {
    expect(parseEcheancier("2024-2027 : déploiement mars : bilan", { ref: "2024-06-01" })).toEqual([
      {
        label: "déploiement",
        start: "2024-01-01",
        end: "2027-12-31",
        precision: "range",
        text: "2024-2027 : déploiement",
        confidence: 1,
      },
      {
        label: "bilan",
        start: "2025-03-01",
        end: "2025-03-31",
        precision: "month",
        text: "mars : bilan",
        confidence: 0.8,
      },
    ]);
  });

  it("un titre sans date avant la première date reste dans le texte du premier jalon", () => {
    expect(parseEcheancier("Calendrier : 2023 : lancement 2024 : bilan", { ref: REF })).toEqual([
      {
        label: "lancement",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "Calendrier : 2023 : lancement",
        confidence: 1,
      },
      {
        label: "bilan",
        start: "2024-01-01",
        end: "2024-12-31",
        precision: "year",
        text: "2024 : bilan",
        confidence: 1,
      },
    ]);
  });

  it("« 12 à 25 ans » n'est pas une plage de dates", () => {
    expect(parseEcheancier("Jeunes de 12 à 25 ans", { ref: REF })).toEqual([
      {
        label: "Jeunes de 12 à 25 ans",
        start: null,
        end: null,
        precision: null,
        text: "Jeunes de 12 à 25 ans",
        confidence: 0,
      },
    ]);
  });

  it("l'apostrophe typographique de « d’ici » est reconnue", () => {
    expect(parseEcheancier("d’ici fin 2024", { ref: REF })).toEqual([
      {
        label: "d’ici fin 2024",
        start: "2024-10-01",
        end: "2024-12-31",
        precision: "quarter",
        text: "d’ici fin 2024",
        confidence: 0.7,
      },
    ]);
  });
});
