import { describe, expect, it } from "vitest";
import { parseEcheancier } from "../../../src/domain/echeancier/parse-echeancier.ts";

// One case per French way of writing a deadline; dates without a year are read from `ref`.
const REF = "2024-01-19";

describe("semestres", () => {
  it.each([
    {
      behaviour: "« premier semestre 2024 » est janvier à juin",
      input: "premier semestre 2024",
      ref: REF,
      expected: [
        {
          label: "premier semestre 2024",
          start: "2024-01-01",
          end: "2024-06-30",
          precision: "semester",
          text: "premier semestre 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 1er semestre 2024 »",
      input: "1er semestre 2024",
      ref: REF,
      expected: [
        {
          label: "1er semestre 2024",
          start: "2024-01-01",
          end: "2024-06-30",
          precision: "semester",
          text: "1er semestre 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 2nd semestre 2024 » est juillet à décembre",
      input: "2nd semestre 2024",
      ref: REF,
      expected: [
        {
          label: "2nd semestre 2024",
          start: "2024-07-01",
          end: "2024-12-31",
          precision: "semester",
          text: "2nd semestre 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« second semestre » sans année : celui qui n'est pas encore fini à la date de référence",
      input: "second semestre",
      ref: "2024-10-05",
      expected: [
        {
          label: "second semestre",
          start: "2024-07-01",
          end: "2024-12-31",
          precision: "semester",
          text: "second semestre",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« S1 2025 »",
      input: "S1 2025",
      ref: REF,
      expected: [
        {
          label: "S1 2025",
          start: "2025-01-01",
          end: "2025-06-30",
          precision: "semester",
          text: "S1 2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« au 2e semestre 2025 »",
      input: "au 2e semestre 2025",
      ref: REF,
      expected: [
        {
          label: "au 2e semestre 2025",
          start: "2025-07-01",
          end: "2025-12-31",
          precision: "semester",
          text: "au 2e semestre 2025",
          confidence: 1,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("trimestres", () => {
  it.each([
    {
      behaviour: "« T3 2025 » est juillet à septembre",
      input: "T3 2025",
      ref: REF,
      expected: [
        {
          label: "T3 2025",
          start: "2025-07-01",
          end: "2025-09-30",
          precision: "quarter",
          text: "T3 2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 3e trimestre 2025 »",
      input: "3e trimestre 2025",
      ref: REF,
      expected: [
        {
          label: "3e trimestre 2025",
          start: "2025-07-01",
          end: "2025-09-30",
          precision: "quarter",
          text: "3e trimestre 2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« dernier trimestre 2023 »",
      input: "dernier trimestre 2023",
      ref: REF,
      expected: [
        {
          label: "dernier trimestre 2023",
          start: "2023-10-01",
          end: "2023-12-31",
          precision: "quarter",
          text: "dernier trimestre 2023",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 1er trimestre de l'année 2024 »",
      input: "1er trimestre de l'année 2024",
      ref: REF,
      expected: [
        {
          label: "1er trimestre de l'année 2024",
          start: "2024-01-01",
          end: "2024-03-31",
          precision: "quarter",
          text: "1er trimestre de l'année 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« T3 » sans année n'est pas un trimestre (un logement T3)",
      input: "logement T3",
      ref: REF,
      expected: [
        { label: "logement T3", start: null, end: null, precision: null, text: "logement T3", confidence: 0 },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("début, mi-, fin", () => {
  it.each([
    {
      behaviour: "« fin 2026 » est le dernier trimestre 2026",
      input: "fin 2026",
      ref: REF,
      expected: [
        {
          label: "fin 2026",
          start: "2026-10-01",
          end: "2026-12-31",
          precision: "quarter",
          text: "fin 2026",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« début 2025 » est le premier trimestre 2025",
      input: "début 2025",
      ref: REF,
      expected: [
        {
          label: "début 2025",
          start: "2025-01-01",
          end: "2025-03-31",
          precision: "quarter",
          text: "début 2025",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« mi-2025 » est juin-juillet 2025",
      input: "mi-2025",
      ref: REF,
      expected: [
        {
          label: "mi-2025",
          start: "2025-06-01",
          end: "2025-07-31",
          precision: "range",
          text: "mi-2025",
          confidence: 0.6,
        },
      ],
    },
    {
      behaviour: "« fin juin 2025 » est du 21 au 30 juin",
      input: "fin juin 2025",
      ref: REF,
      expected: [
        {
          label: "fin juin 2025",
          start: "2025-06-21",
          end: "2025-06-30",
          precision: "range",
          text: "fin juin 2025",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« mi-mars » sans année : du 11 au 20 mars suivant la date de référence",
      input: "mi-mars",
      ref: REF,
      expected: [
        {
          label: "mi-mars",
          start: "2024-03-11",
          end: "2024-03-20",
          precision: "range",
          text: "mi-mars",
          confidence: 0.6,
        },
      ],
    },
    {
      behaviour: "« début du second semestre 2025 » est le troisième trimestre",
      input: "début du second semestre 2025",
      ref: REF,
      expected: [
        {
          label: "début du second semestre 2025",
          start: "2025-07-01",
          end: "2025-09-30",
          precision: "quarter",
          text: "début du second semestre 2025",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« fin d'année » sans année : le dernier trimestre de l'année de référence",
      input: "fin d'année",
      ref: REF,
      expected: [
        {
          label: "fin d'année",
          start: "2024-10-01",
          end: "2024-12-31",
          precision: "quarter",
          text: "fin d'année",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« fin de l'année scolaire 2024-2025 » est juin à août 2025",
      input: "fin de l'année scolaire 2024-2025",
      ref: REF,
      expected: [
        {
          label: "fin de l'année scolaire 2024-2025",
          start: "2025-06-01",
          end: "2025-08-31",
          precision: "range",
          text: "fin de l'année scolaire 2024-2025",
          confidence: 0.7,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("échéances et points de départ", () => {
  it.each([
    {
      behaviour: "« d'ici juin » : le prochain mois de juin",
      input: "d'ici juin",
      ref: REF,
      expected: [
        {
          label: "d'ici juin",
          start: "2024-06-01",
          end: "2024-06-30",
          precision: "month",
          text: "d'ici juin",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« d'ici juin » après juin : juin de l'année suivante",
      input: "d'ici juin",
      ref: "2024-07-10",
      expected: [
        {
          label: "d'ici juin",
          start: "2025-06-01",
          end: "2025-06-30",
          precision: "month",
          text: "d'ici juin",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« d'ici fin 2024 »",
      input: "d'ici fin 2024",
      ref: REF,
      expected: [
        {
          label: "d'ici fin 2024",
          start: "2024-10-01",
          end: "2024-12-31",
          precision: "quarter",
          text: "d'ici fin 2024",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« d'ici la fin de l'année »",
      input: "d'ici la fin de l'année",
      ref: "2024-03-01",
      expected: [
        {
          label: "d'ici la fin de l'année",
          start: "2024-10-01",
          end: "2024-12-31",
          precision: "quarter",
          text: "d'ici la fin de l'année",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« d'ici le 15 mars » passé le 15 mars : le 15 mars suivant",
      input: "d'ici le 15 mars",
      ref: "2024-03-20",
      expected: [
        {
          label: "d'ici le 15 mars",
          start: "2025-03-15",
          end: "2025-03-15",
          precision: "day",
          text: "d'ici le 15 mars",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« à partir de septembre 2025 » est le mois où cela commence",
      input: "à partir de septembre 2025",
      ref: REF,
      expected: [
        {
          label: "à partir de septembre 2025",
          start: "2025-09-01",
          end: "2025-09-30",
          precision: "month",
          text: "à partir de septembre 2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« jusqu'au 31 décembre 2026 » est le jour de l'échéance",
      input: "jusqu'au 31 décembre 2026",
      ref: REF,
      expected: [
        {
          label: "jusqu'au 31 décembre 2026",
          start: "2026-12-31",
          end: "2026-12-31",
          precision: "day",
          text: "jusqu'au 31 décembre 2026",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« jusqu'en 2026 »",
      input: "jusqu'en 2026",
      ref: REF,
      expected: [
        {
          label: "jusqu'en 2026",
          start: "2026-01-01",
          end: "2026-12-31",
          precision: "year",
          text: "jusqu'en 2026",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« avant le 30 juin 2025 » garde le jour nommé",
      input: "avant le 30 juin 2025",
      ref: REF,
      expected: [
        {
          label: "avant le 30 juin 2025",
          start: "2025-06-30",
          end: "2025-06-30",
          precision: "day",
          text: "avant le 30 juin 2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« avant 2025 » est le 31 décembre 2024",
      input: "avant 2025",
      ref: REF,
      expected: [
        {
          label: "avant 2025",
          start: "2024-12-31",
          end: "2024-12-31",
          precision: "day",
          text: "avant 2025",
          confidence: 0.9,
        },
      ],
    },
    {
      behaviour: "« au plus tard le 15/09/2025 »",
      input: "au plus tard le 15/09/2025",
      ref: REF,
      expected: [
        {
          label: "au plus tard le 15/09/2025",
          start: "2025-09-15",
          end: "2025-09-15",
          precision: "day",
          text: "au plus tard le 15/09/2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« vers 2025 » : l'année, avec moins de confiance",
      input: "vers 2025",
      ref: REF,
      expected: [
        {
          label: "vers 2025",
          start: "2025-01-01",
          end: "2025-12-31",
          precision: "year",
          text: "vers 2025",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« courant 2024 »",
      input: "courant 2024",
      ref: REF,
      expected: [
        {
          label: "courant 2024",
          start: "2024-01-01",
          end: "2024-12-31",
          precision: "year",
          text: "courant 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« en 2024 »",
      input: "en 2024",
      ref: REF,
      expected: [
        {
          label: "en 2024",
          start: "2024-01-01",
          end: "2024-12-31",
          precision: "year",
          text: "en 2024",
          confidence: 1,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("plages", () => {
  it.each([
    {
      behaviour: "« mars-avril 2024 »",
      input: "mars-avril 2024",
      ref: REF,
      expected: [
        {
          label: "mars-avril 2024",
          start: "2024-03-01",
          end: "2024-04-30",
          precision: "range",
          text: "mars-avril 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« mars à mai 2024 »",
      input: "mars à mai 2024",
      ref: REF,
      expected: [
        {
          label: "mars à mai 2024",
          start: "2024-03-01",
          end: "2024-05-31",
          precision: "range",
          text: "mars à mai 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« de juin 2022 à avril 2023 »",
      input: "de juin 2022 à avril 2023",
      ref: REF,
      expected: [
        {
          label: "de juin 2022 à avril 2023",
          start: "2022-06-01",
          end: "2023-04-30",
          precision: "range",
          text: "de juin 2022 à avril 2023",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« du 3 au 5 mars 2024 » : le premier jour prend le mois et l'année du second",
      input: "du 3 au 5 mars 2024",
      ref: REF,
      expected: [
        {
          label: "du 3 au 5 mars 2024",
          start: "2024-03-03",
          end: "2024-03-05",
          precision: "range",
          text: "du 3 au 5 mars 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« entre mars et mai 2024 »",
      input: "entre mars et mai 2024",
      ref: REF,
      expected: [
        {
          label: "entre mars et mai 2024",
          start: "2024-03-01",
          end: "2024-05-31",
          precision: "range",
          text: "entre mars et mai 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« novembre à février 2024 » commence en novembre 2023",
      input: "novembre à février 2024",
      ref: REF,
      expected: [
        {
          label: "novembre à février 2024",
          start: "2023-11-01",
          end: "2024-02-29",
          precision: "range",
          text: "novembre à février 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« à compter du 1er septembre 2024 jusqu'au 30 juin 2025 »",
      input: "à compter du 1er septembre 2024 jusqu'au 30 juin 2025",
      ref: REF,
      expected: [
        {
          label: "à compter du 1er septembre 2024 jusqu'au 30 juin 2025",
          start: "2024-09-01",
          end: "2025-06-30",
          precision: "range",
          text: "à compter du 1er septembre 2024 jusqu'au 30 juin 2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 2024-2027 »",
      input: "2024-2027",
      ref: REF,
      expected: [
        {
          label: "2024-2027",
          start: "2024-01-01",
          end: "2027-12-31",
          precision: "range",
          text: "2024-2027",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 2018-2021 »",
      input: "2018-2021",
      ref: REF,
      expected: [
        {
          label: "2018-2021",
          start: "2018-01-01",
          end: "2021-12-31",
          precision: "range",
          text: "2018-2021",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 2023-24 » avec un tiret : deux années civiles",
      input: "2023-24",
      ref: REF,
      expected: [
        {
          label: "2023-24",
          start: "2023-01-01",
          end: "2024-12-31",
          precision: "range",
          text: "2023-24",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 2023/2025 » : deux années non consécutives font une plage",
      input: "2023/2025",
      ref: REF,
      expected: [
        {
          label: "2023/2025",
          start: "2023-01-01",
          end: "2025-12-31",
          precision: "range",
          text: "2023/2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "tiret demi-cadratin « 2023 – 2024 »",
      input: "2023 – 2024",
      ref: REF,
      expected: [
        {
          label: "2023 – 2024",
          start: "2023-01-01",
          end: "2024-12-31",
          precision: "range",
          text: "2023 – 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "tiret cadratin « 2023—2025 : déploiement »",
      input: "2023—2025 : déploiement",
      ref: REF,
      expected: [
        {
          label: "déploiement",
          start: "2023-01-01",
          end: "2025-12-31",
          precision: "range",
          text: "2023—2025 : déploiement",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "tiret demi-cadratin entre deux mois « mars–avril 2024 »",
      input: "mars–avril 2024",
      ref: REF,
      expected: [
        {
          label: "mars–avril 2024",
          start: "2024-03-01",
          end: "2024-04-30",
          precision: "range",
          text: "mars–avril 2024",
          confidence: 1,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("jours", () => {
  it.each([
    {
      behaviour: "« 19 octobre 2023 »",
      input: "19 octobre 2023",
      ref: REF,
      expected: [
        {
          label: "19 octobre 2023",
          start: "2023-10-19",
          end: "2023-10-19",
          precision: "day",
          text: "19 octobre 2023",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« le 9 mai 2019 »",
      input: "le 9 mai 2019",
      ref: REF,
      expected: [
        {
          label: "le 9 mai 2019",
          start: "2019-05-09",
          end: "2019-05-09",
          precision: "day",
          text: "le 9 mai 2019",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 4 décembre 2018 »",
      input: "4 décembre 2018",
      ref: REF,
      expected: [
        {
          label: "4 décembre 2018",
          start: "2018-12-04",
          end: "2018-12-04",
          precision: "day",
          text: "4 décembre 2018",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 1er janvier 2022 »",
      input: "1er janvier 2022",
      ref: REF,
      expected: [
        {
          label: "1er janvier 2022",
          start: "2022-01-01",
          end: "2022-01-01",
          precision: "day",
          text: "1er janvier 2022",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 26/03/2024 »",
      input: "26/03/2024",
      ref: REF,
      expected: [
        {
          label: "26/03/2024",
          start: "2024-03-26",
          end: "2024-03-26",
          precision: "day",
          text: "26/03/2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 26/03/24 » : une année sur deux chiffres est au XXIe siècle",
      input: "26/03/24",
      ref: REF,
      expected: [
        {
          label: "26/03/24",
          start: "2024-03-26",
          end: "2024-03-26",
          precision: "day",
          text: "26/03/24",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 15.09.2025 »",
      input: "15.09.2025",
      ref: REF,
      expected: [
        {
          label: "15.09.2025",
          start: "2025-09-15",
          end: "2025-09-15",
          precision: "day",
          text: "15.09.2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 2024-03-26 » (ISO)",
      input: "2024-03-26",
      ref: REF,
      expected: [
        {
          label: "2024-03-26",
          start: "2024-03-26",
          end: "2024-03-26",
          precision: "day",
          text: "2024-03-26",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 18 décembre » sans année : le prochain 18 décembre",
      input: "18 décembre",
      ref: REF,
      expected: [
        {
          label: "18 décembre",
          start: "2024-12-18",
          end: "2024-12-18",
          precision: "day",
          text: "18 décembre",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« 31 février 2024 » n'existe pas : illisible, aucune date inventée",
      input: "31 février 2024",
      ref: REF,
      expected: [
        {
          label: "31 février 2024",
          start: null,
          end: null,
          precision: null,
          text: "31 février 2024",
          confidence: 0,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("jours de la semaine", () => {
  it.each([
    {
      behaviour: "« mardi 26 mars » : l'année où le 26 mars est un mardi, la plus proche de la référence",
      input: "mardi 26 mars",
      ref: REF,
      expected: [
        {
          label: "mardi 26 mars",
          start: "2024-03-26",
          end: "2024-03-26",
          precision: "day",
          text: "mardi 26 mars",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour:
        "« mardi 26 mars » sans année possible à moins d'un an de la référence : ambigu, pas de date",
      input: "mardi 26 mars",
      ref: "2026-06-01",
      expected: [
        {
          label: "mardi 26 mars",
          start: null,
          end: null,
          precision: null,
          text: "mardi 26 mars",
          confidence: 0,
        },
      ],
    },
    {
      behaviour: "« mardi 26 mars ou vendredi 29 mars » : deux dates possibles",
      input: "mardi 26 mars ou vendredi 29 mars",
      ref: REF,
      expected: [
        {
          label: "mardi 26 mars",
          start: "2024-03-26",
          end: "2024-03-26",
          precision: "day",
          text: "mardi 26 mars ou vendredi 29 mars",
          confidence: 0.8,
        },
        {
          label: "vendredi 29 mars",
          start: "2024-03-29",
          end: "2024-03-29",
          precision: "day",
          text: "mardi 26 mars ou vendredi 29 mars",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour:
        "« lundi 26 mars 2024 » alors que c'est un mardi : la date écrite est gardée, avec moins de confiance",
      input: "lundi 26 mars 2024",
      ref: REF,
      expected: [
        {
          label: "lundi 26 mars 2024",
          start: "2024-03-26",
          end: "2024-03-26",
          precision: "day",
          text: "lundi 26 mars 2024",
          confidence: 0.6,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("mois", () => {
  it.each([
    {
      behaviour: "« novembre » seul : le prochain mois de novembre",
      input: "novembre",
      ref: REF,
      expected: [
        {
          label: "novembre",
          start: "2024-11-01",
          end: "2024-11-30",
          precision: "month",
          text: "novembre",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« novembre » seul en décembre : novembre de l'année suivante",
      input: "novembre",
      ref: "2024-12-05",
      expected: [
        {
          label: "novembre",
          start: "2025-11-01",
          end: "2025-11-30",
          precision: "month",
          text: "novembre",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« Décembre 2023 »",
      input: "Décembre 2023",
      ref: REF,
      expected: [
        {
          label: "Décembre 2023",
          start: "2023-12-01",
          end: "2023-12-31",
          precision: "month",
          text: "Décembre 2023",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "majuscules « DÉCEMBRE 2023 »",
      input: "DÉCEMBRE 2023",
      ref: REF,
      expected: [
        {
          label: "DÉCEMBRE 2023",
          start: "2023-12-01",
          end: "2023-12-31",
          precision: "month",
          text: "DÉCEMBRE 2023",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "sans accent « fevrier 2024 »",
      input: "fevrier 2024",
      ref: REF,
      expected: [
        {
          label: "fevrier 2024",
          start: "2024-02-01",
          end: "2024-02-29",
          precision: "month",
          text: "fevrier 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "sans accent « aout 2024 »",
      input: "aout 2024",
      ref: REF,
      expected: [
        {
          label: "aout 2024",
          start: "2024-08-01",
          end: "2024-08-31",
          precision: "month",
          text: "aout 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "sans accent « decembre 2024 »",
      input: "decembre 2024",
      ref: REF,
      expected: [
        {
          label: "decembre 2024",
          start: "2024-12-01",
          end: "2024-12-31",
          precision: "month",
          text: "decembre 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "abréviation « sept. 2024 »",
      input: "sept. 2024",
      ref: REF,
      expected: [
        {
          label: "sept. 2024",
          start: "2024-09-01",
          end: "2024-09-30",
          precision: "month",
          text: "sept. 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 03/2025 »",
      input: "03/2025",
      ref: REF,
      expected: [
        {
          label: "03/2025",
          start: "2025-03-01",
          end: "2025-03-31",
          precision: "month",
          text: "03/2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« sept communes » n'est pas septembre",
      input: "sept communes concernées",
      ref: REF,
      expected: [
        {
          label: "sept communes concernées",
          start: null,
          end: null,
          precision: null,
          text: "sept communes concernées",
          confidence: 0,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("années scolaires et saisons", () => {
  it.each([
    {
      behaviour: "« rentrée 2024 » est septembre 2024",
      input: "rentrée 2024",
      ref: REF,
      expected: [
        {
          label: "rentrée 2024",
          start: "2024-09-01",
          end: "2024-09-30",
          precision: "month",
          text: "rentrée 2024",
          confidence: 0.9,
        },
      ],
    },
    {
      behaviour: "« rentrée de septembre 2024 »",
      input: "rentrée de septembre 2024",
      ref: REF,
      expected: [
        {
          label: "rentrée de septembre 2024",
          start: "2024-09-01",
          end: "2024-09-30",
          precision: "month",
          text: "rentrée de septembre 2024",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« année scolaire 2024-2025 » va du 1er septembre au 31 août",
      input: "année scolaire 2024-2025",
      ref: REF,
      expected: [
        {
          label: "année scolaire 2024-2025",
          start: "2024-09-01",
          end: "2025-08-31",
          precision: "schoolYear",
          text: "année scolaire 2024-2025",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« 2023/2024 » avec une barre est une année scolaire",
      input: "2023/2024",
      ref: REF,
      expected: [
        {
          label: "2023/2024",
          start: "2023-09-01",
          end: "2024-08-31",
          precision: "schoolYear",
          text: "2023/2024",
          confidence: 0.9,
        },
      ],
    },
    {
      behaviour: "« année scolaire » seule : celle en cours à la date de référence",
      input: "année scolaire",
      ref: REF,
      expected: [
        {
          label: "année scolaire",
          start: "2023-09-01",
          end: "2024-08-31",
          precision: "schoolYear",
          text: "année scolaire",
          confidence: 0.8,
        },
      ],
    },
    {
      behaviour: "« été 2024 » est juin à août",
      input: "été 2024",
      ref: REF,
      expected: [
        {
          label: "été 2024",
          start: "2024-06-01",
          end: "2024-08-31",
          precision: "range",
          text: "été 2024",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« printemps 2025 » est mars à mai",
      input: "printemps 2025",
      ref: REF,
      expected: [
        {
          label: "printemps 2025",
          start: "2025-03-01",
          end: "2025-05-31",
          precision: "range",
          text: "printemps 2025",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« à l'automne 2024 » est septembre à novembre",
      input: "à l'automne 2024",
      ref: REF,
      expected: [
        {
          label: "à l'automne 2024",
          start: "2024-09-01",
          end: "2024-11-30",
          precision: "range",
          text: "à l'automne 2024",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« hiver » seul : le prochain hiver, de décembre à février",
      input: "hiver",
      ref: "2024-11-15",
      expected: [
        {
          label: "hiver",
          start: "2024-12-01",
          end: "2025-02-28",
          precision: "range",
          text: "hiver",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« hiver 2024-2025 »",
      input: "hiver 2024-2025",
      ref: REF,
      expected: [
        {
          label: "hiver 2024-2025",
          start: "2024-12-01",
          end: "2025-02-28",
          precision: "range",
          text: "hiver 2024-2025",
          confidence: 0.7,
        },
      ],
    },
    {
      behaviour: "« hiver 2024 » est l'hiver qui finit en 2024, avec moins de confiance",
      input: "hiver 2024",
      ref: REF,
      expected: [
        {
          label: "hiver 2024",
          start: "2023-12-01",
          end: "2024-02-29",
          precision: "range",
          text: "hiver 2024",
          confidence: 0.6,
        },
      ],
    },
    {
      behaviour: "« a été validé » n'est pas l'été",
      input: "le projet a été validé",
      ref: REF,
      expected: [
        {
          label: "le projet a été validé",
          start: null,
          end: null,
          precision: null,
          text: "le projet a été validé",
          confidence: 0,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});

describe("découpage et libellés", () => {
  it.each([
    {
      behaviour: "« 2023:lancement » sans espaces",
      input: "2023:lancement 2024:bilan",
      ref: REF,
      expected: [
        {
          label: "lancement",
          start: "2023-01-01",
          end: "2023-12-31",
          precision: "year",
          text: "2023:lancement",
          confidence: 1,
        },
        {
          label: "bilan",
          start: "2024-01-01",
          end: "2024-12-31",
          precision: "year",
          text: "2024:bilan",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "tirets en tête : « 2023 - lancement 2024 - bilan »",
      input: "2023 - lancement 2024 - bilan",
      ref: REF,
      expected: [
        {
          label: "lancement",
          start: "2023-01-01",
          end: "2023-12-31",
          precision: "year",
          text: "2023 - lancement",
          confidence: 1,
        },
        {
          label: "bilan",
          start: "2024-01-01",
          end: "2024-12-31",
          precision: "year",
          text: "2024 - bilan",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "un mois sans année suit le jalon daté qui le précède",
      input: "Décembre 2023 : bilan Janvier : lancement",
      ref: REF,
      expected: [
        {
          label: "bilan",
          start: "2023-12-01",
          end: "2023-12-31",
          precision: "month",
          text: "Décembre 2023 : bilan",
          confidence: 1,
        },
        {
          label: "lancement",
          start: "2024-01-01",
          end: "2024-01-31",
          precision: "month",
          text: "Janvier : lancement",
          confidence: 0.9,
        },
      ],
    },
    {
      behaviour: "« puis bilan le 4 avril » suit « le 12 mars 2024 »",
      input: "Réunion le 12 mars 2024 puis bilan le 4 avril",
      ref: REF,
      expected: [
        {
          label: "Réunion",
          start: "2024-03-12",
          end: "2024-03-12",
          precision: "day",
          text: "Réunion le 12 mars 2024",
          confidence: 1,
        },
        {
          label: "bilan",
          start: "2024-04-04",
          end: "2024-04-04",
          precision: "day",
          text: "puis bilan le 4 avril",
          confidence: 0.9,
        },
      ],
    },
    {
      behaviour: "le texte après la date complète le libellé",
      input: "Mise en place dès le 1er trimestre 2025 d'un comité de suivi",
      ref: REF,
      expected: [
        {
          label: "Mise en place d'un comité de suivi",
          start: "2025-01-01",
          end: "2025-03-31",
          precision: "quarter",
          text: "Mise en place dès le 1er trimestre 2025 d'un comité de suivi",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« dès 2023, » en tête : le libellé est ce qui suit",
      input: "Dès 2023, mise en place d'un groupe de travail",
      ref: REF,
      expected: [
        {
          label: "mise en place d'un groupe de travail",
          start: "2023-01-01",
          end: "2023-12-31",
          precision: "year",
          text: "Dès 2023, mise en place d'un groupe de travail",
          confidence: 1,
        },
      ],
    },
    {
      behaviour: "« A définir collectivement » reste un jalon illisible",
      input: "A définir collectivement",
      ref: REF,
      expected: [
        {
          label: "A définir collectivement",
          start: null,
          end: null,
          precision: null,
          text: "A définir collectivement",
          confidence: 0,
        },
      ],
    },
    {
      behaviour: "« selon les besoins » reste un jalon illisible",
      input: "selon les besoins",
      ref: REF,
      expected: [
        {
          label: "selon les besoins",
          start: null,
          end: null,
          precision: null,
          text: "selon les besoins",
          confidence: 0,
        },
      ],
    },
    {
      behaviour: "« en fonction des financements » reste un jalon illisible",
      input: "en fonction des financements",
      ref: REF,
      expected: [
        {
          label: "en fonction des financements",
          start: null,
          end: null,
          precision: null,
          text: "en fonction des financements",
          confidence: 0,
        },
      ],
    },
  ])("$behaviour", ({ input, ref, expected }) => {
    expect(parseEcheancier(input, { ref })).toEqual(expected);
  });
});
