import { describe, expect, it } from "vitest";
import { parseEcheancier } from "../../../src/domain/echeancier/parse-echeancier.ts";

// Cells and sentences quoted verbatim from the five source documents (/work/shared/domain).
// Their dates all carry a year, except in the Mellois en Poitou slides, read from the meeting day.
const REF = "2023-01-01";
const MEETING_DAY = "2024-01-19";

describe("Agglomération d'Agen (004) : les 13 cellules « Echéancier » des fiches actions", () => {
  it("action 1 : « 2023 : … » donne un jalon sur toute l'année 2023", () => {
    expect(
      parseEcheancier("2023 : concertation avec les collectivités en zones blanches", { ref: REF }),
    ).toEqual([
      {
        label: "concertation avec les collectivités en zones blanches",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : concertation avec les collectivités en zones blanches",
        confidence: 1,
      },
    ]);
  });

  it("action 2 : une année en tête de cellule, suivie de son libellé", () => {
    expect(parseEcheancier("2023 : démarrage de la concertation", { ref: REF })).toEqual([
      {
        label: "démarrage de la concertation",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : démarrage de la concertation",
        confidence: 1,
      },
    ]);
  });

  it("action 3 : deux années dans un même <p> donnent deux jalons", () => {
    expect(
      parseEcheancier(
        "<p>2023 : lancement des groupes de travail 2024 : mise en service de l'application jeunesse et des formations</p>",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "lancement des groupes de travail",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : lancement des groupes de travail",
        confidence: 1,
      },
      {
        label: "mise en service de l'application jeunesse et des formations",
        start: "2024-01-01",
        end: "2024-12-31",
        precision: "year",
        text: "2024 : mise en service de l'application jeunesse et des formations",
        confidence: 1,
      },
    ]);
  });

  it("action 4 : « Janvier à juin 2023 » et « Juillet à décembre 2023 » donnent deux plages de mois", () => {
    expect(
      parseEcheancier(
        "Janvier à juin 2023 : préparation Juillet à décembre 2023 : lancement des premiers évènements",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "préparation",
        start: "2023-01-01",
        end: "2023-06-30",
        precision: "range",
        text: "Janvier à juin 2023 : préparation",
        confidence: 1,
      },
      {
        label: "lancement des premiers évènements",
        start: "2023-07-01",
        end: "2023-12-31",
        precision: "range",
        text: "Juillet à décembre 2023 : lancement des premiers évènements",
        confidence: 1,
      },
    ]);
  });

  it("action 5 : un jalon par paragraphe <p>", () => {
    expect(
      parseEcheancier(
        "<p>2023 : création d'un groupe de travail jeunesse</p> <p>2024 : lancement des premiers villages de l'engagement citoyen</p>",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "création d'un groupe de travail jeunesse",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : création d'un groupe de travail jeunesse",
        confidence: 1,
      },
      {
        label: "lancement des premiers villages de l'engagement citoyen",
        start: "2024-01-01",
        end: "2024-12-31",
        precision: "year",
        text: "2024 : lancement des premiers villages de l'engagement citoyen",
        confidence: 1,
      },
    ]);
  });

  it("action 6 : la virgule reste dans le libellé, le point final en sort", () => {
    expect(
      parseEcheancier(
        "2023 : constitution d'un groupe de travail, positionnement des habitants relais 2024 : lancement des premières actions.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "constitution d'un groupe de travail, positionnement des habitants relais",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : constitution d'un groupe de travail, positionnement des habitants relais",
        confidence: 1,
      },
      {
        label: "lancement des premières actions",
        start: "2024-01-01",
        end: "2024-12-31",
        precision: "year",
        text: "2024 : lancement des premières actions.",
        confidence: 1,
      },
    ]);
  });

  it("action 7 : une année seule est aussi son propre libellé", () => {
    expect(parseEcheancier("2023", { ref: REF })).toEqual([
      {
        label: "2023",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023",
        confidence: 1,
      },
    ]);
  });

  it("action 8 : un seul jalon annuel", () => {
    expect(
      parseEcheancier("2023 : création d'un groupe de travail et rédaction d'un cahier des charges", {
        ref: REF,
      }),
    ).toEqual([
      {
        label: "création d'un groupe de travail et rédaction d'un cahier des charges",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : création d'un groupe de travail et rédaction d'un cahier des charges",
        confidence: 1,
      },
    ]);
  });

  it("action 9 : « dès 2023 » en fin de phrase, le libellé est ce qui précède", () => {
    expect(parseEcheancier("Mise en place d'un groupe de travail dès 2023", { ref: REF })).toEqual([
      {
        label: "Mise en place d'un groupe de travail",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "Mise en place d'un groupe de travail dès 2023",
        confidence: 1,
      },
    ]);
  });

  it("action 10 : « 2023/24 » est l'année scolaire 2023-2024, puis l'année 2025", () => {
    expect(
      parseEcheancier(
        "2023/24 : création d'un groupe de travail et définition d'un projet partagé + recherche de financements 2025 : création du tiers-lieu",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "création d'un groupe de travail et définition d'un projet partagé + recherche de financements",
        start: "2023-09-01",
        end: "2024-08-31",
        precision: "schoolYear",
        text: "2023/24 : création d'un groupe de travail et définition d'un projet partagé + recherche de financements",
        confidence: 0.9,
      },
      {
        label: "création du tiers-lieu",
        start: "2025-01-01",
        end: "2025-12-31",
        precision: "year",
        text: "2025 : création du tiers-lieu",
        confidence: 1,
      },
    ]);
  });

  it("action 11 : l'année 2023 puis la plage 2023-2027", () => {
    expect(
      parseEcheancier("2023 : Mise en place d'un protocole d'action 2023-2027 : déploiement", { ref: REF }),
    ).toEqual([
      {
        label: "Mise en place d'un protocole d'action",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "2023 : Mise en place d'un protocole d'action",
        confidence: 1,
      },
      {
        label: "déploiement",
        start: "2023-01-01",
        end: "2027-12-31",
        precision: "range",
        text: "2023-2027 : déploiement",
        confidence: 1,
      },
    ]);
  });

  it("action 12 : deux plages d'années, 2022-2023 puis 2024-2027", () => {
    expect(
      parseEcheancier(
        "2022-2023 : construction et validation du plan pluriannuel de formation 2024-2027 : mise en œuvre",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "construction et validation du plan pluriannuel de formation",
        start: "2022-01-01",
        end: "2023-12-31",
        precision: "range",
        text: "2022-2023 : construction et validation du plan pluriannuel de formation",
        confidence: 1,
      },
      {
        label: "mise en œuvre",
        start: "2024-01-01",
        end: "2027-12-31",
        precision: "range",
        text: "2024-2027 : mise en œuvre",
        confidence: 1,
      },
    ]);
  });

  it("action 13 : « à compter de 2023 » en fin de phrase", () => {
    expect(
      parseEcheancier("Mise en place progressive d'une équipe de référent à compter de 2023", { ref: REF }),
    ).toEqual([
      {
        label: "Mise en place progressive d'une équipe de référent",
        start: "2023-01-01",
        end: "2023-12-31",
        precision: "year",
        text: "Mise en place progressive d'une équipe de référent à compter de 2023",
        confidence: 1,
      },
    ]);
  });
});

describe("Agglomération d'Agen (004) : autres phrases datées", () => {
  it("durée de la convention : « à compter du 1^{er} janvier 2022 jusqu'au 31 décembre 2026 » est une seule plage", () => {
    expect(
      parseEcheancier(
        "La présente convention, est conclue à compter du 1^{er} janvier 2022 jusqu'au 31 décembre 2026.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "La présente convention, est conclue",
        start: "2022-01-01",
        end: "2026-12-31",
        precision: "range",
        text: "La présente convention, est conclue à compter du 1er janvier 2022 jusqu'au 31 décembre 2026.",
        confidence: 1,
      },
    ]);
  });

  it("date de signature laissée en blanc « xx xxxxxxxxxxxx 2022 » : seule l'année est lue, avec une confiance de 0,5", () => {
    expect(parseEcheancier("Fait à AGEN, le **xx xxxxxxxxxxxx 2022**,", { ref: REF })).toEqual([
      {
        label: "Fait à AGEN",
        start: "2022-01-01",
        end: "2022-12-31",
        precision: "year",
        text: "Fait à AGEN, le xx xxxxxxxxxxxx 2022",
        confidence: 0.5,
      },
    ]);
  });

  it("titre OCR « CTG 20222026 » : deux années collées sont lues comme 2022-2026, avec une confiance de 0,7", () => {
    expect(parseEcheancier("CTG 20222026 FEUILLE DE ROUTE", { ref: REF })).toEqual([
      {
        label: "CTG FEUILLE DE ROUTE",
        start: "2022-01-01",
        end: "2026-12-31",
        precision: "range",
        text: "CTG 20222026 FEUILLE DE ROUTE",
        confidence: 0.7,
      },
    ]);
  });

  it("« signé le 02 décembre 2017 » : un jour écrit avec un zéro", () => {
    expect(
      parseEcheancier("la Caf et le Département de Lot et Garonne ont signé le 02 décembre 2017", {
        ref: REF,
      }),
    ).toEqual([
      {
        label: "la Caf et le Département de Lot et Garonne ont signé",
        start: "2017-12-02",
        end: "2017-12-02",
        precision: "day",
        text: "la Caf et le Département de Lot et Garonne ont signé le 02 décembre 2017",
        confidence: 1,
      },
    ]);
  });

  it("« en date du 20/10/2022 » : une date numérique", () => {
    expect(parseEcheancier("en date du 20/10/2022", { ref: REF })).toEqual([
      {
        label: "en date",
        start: "2022-10-20",
        end: "2022-10-20",
        precision: "day",
        text: "en date du 20/10/2022",
        confidence: 1,
      },
    ]);
  });

  it("« 1^{er} janvier 2022 » en exposant, entre parenthèses", () => {
    expect(parseEcheancier("(cf. extrait des Statuts du 1^{er} janvier 2022)", { ref: REF })).toEqual([
      {
        label: "(cf. extrait des Statuts)",
        start: "2022-01-01",
        end: "2022-01-01",
        precision: "day",
        text: "(cf. extrait des Statuts du 1er janvier 2022)",
        confidence: 1,
      },
    ]);
  });

  it("une plage d'années dans le nom d'un schéma", () => {
    expect(parseEcheancier("Schéma Départemental des Services aux Familles 2021-2025", { ref: REF })).toEqual(
      [
        {
          label: "Schéma Départemental des Services aux Familles",
          start: "2021-01-01",
          end: "2025-12-31",
          precision: "range",
          text: "Schéma Départemental des Services aux Familles 2021-2025",
          confidence: 1,
        },
      ],
    );
  });

  it("une phrase sans date reste un jalon illisible", () => {
    expect(
      parseEcheancier(
        "Un échéancier et des priorisations à affiner en lien avec le futur chargé de coopération :",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "Un échéancier et des priorisations à affiner en lien avec le futur chargé de coopération :",
        start: null,
        end: null,
        precision: null,
        text: "Un échéancier et des priorisations à affiner en lien avec le futur chargé de coopération :",
        confidence: 0,
      },
    ]);
  });

  it("« une fois par an » n'est pas une date", () => {
    expect(
      parseEcheancier("Il se réunit au moins une fois par an et autant que de besoins", { ref: REF }),
    ).toEqual([
      {
        label: "Il se réunit au moins une fois par an et autant que de besoins",
        start: null,
        end: null,
        precision: null,
        text: "Il se réunit au moins une fois par an et autant que de besoins",
        confidence: 0,
      },
    ]);
  });
});

describe("Grand Châtellerault (001) : autres phrases datées", () => {
  it("« au 1er janvier 2017, » au milieu d'une phrase", () => {
    expect(
      parseEcheancier(
        "Avec son extension au 1er janvier 2017, le nouveau périmètre de l'Établissement d'Intérêt Communautaire (EPCI) s'établit autour de 47 communes",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "Avec son extension, le nouveau périmètre de l'Établissement d'Intérêt Communautaire (EPCI) s'établit autour de 47 communes",
        start: "2017-01-01",
        end: "2017-01-01",
        precision: "day",
        text: "Avec son extension au 1er janvier 2017, le nouveau périmètre de l'Établissement d'Intérêt Communautaire (EPCI) s'établit autour de 47 communes",
        confidence: 1,
      },
    ]);
  });

  it("« L'année 2020 » en début de phrase, le libellé est ce qui suit", () => {
    expect(
      parseEcheancier(
        "L'année 2020 permettra d'établir avec les collectivités, les partenaires et les associations du territoire, un plan d'actions ad'hoc et la feuille de route pour faire vivre au fil de l'eau cette dynamique sociale au service du projet de territoire.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "permettra d'établir avec les collectivités, les partenaires et les associations du territoire, un plan d'actions ad'hoc et la feuille de route pour faire vivre au fil de l'eau cette dynamique sociale au service du projet de territoire",
        start: "2020-01-01",
        end: "2020-12-31",
        precision: "year",
        text: "L'année 2020 permettra d'établir avec les collectivités, les partenaires et les associations du territoire, un plan d'actions ad'hoc et la feuille de route pour faire vivre au fil de l'eau cette dynamique sociale au service du projet de territoire.",
        confidence: 1,
      },
    ]);
  });

  it("« dès le premier semestre 2020 » au milieu d'une phrase", () => {
    expect(
      parseEcheancier(
        "Ces 4 axes stratégiques permettront dès le premier semestre 2020 d'organiser des groupes de travail pour définir les actions à mettre en place de façon opérationnelle et structurée.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "Ces 4 axes stratégiques permettront d'organiser des groupes de travail pour définir les actions à mettre en place de façon opérationnelle et structurée",
        start: "2020-01-01",
        end: "2020-06-30",
        precision: "semester",
        text: "Ces 4 axes stratégiques permettront dès le premier semestre 2020 d'organiser des groupes de travail pour définir les actions à mettre en place de façon opérationnelle et structurée.",
        confidence: 1,
      },
    ]);
  });

  it("« au cours du deuxième semestre 2020 »", () => {
    expect(
      parseEcheancier(
        "L'ensemble de ces enjeux seront déclinés dans un plan d'action qui sera co-construit au cours du deuxième semestre 2020.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "L'ensemble de ces enjeux seront déclinés dans un plan d'action qui sera co-construit",
        start: "2020-07-01",
        end: "2020-12-31",
        precision: "semester",
        text: "L'ensemble de ces enjeux seront déclinés dans un plan d'action qui sera co-construit au cours du deuxième semestre 2020.",
        confidence: 1,
      },
    ]);
  });

  it("durée de la convention : « jusqu'au **31 décembre 2024** inclus » (gras markdown retiré)", () => {
    expect(
      parseEcheancier(
        "La présente convention, est conclue, à compter de la date de signature figurant cidessous jusqu'au **31 décembre 2024** inclus.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "La présente convention, est conclue, à compter de la date de signature figurant cidessous inclus",
        start: "2024-12-31",
        end: "2024-12-31",
        precision: "day",
        text: "La présente convention, est conclue, à compter de la date de signature figurant cidessous jusqu'au 31 décembre 2024 inclus.",
        confidence: 1,
      },
    ]);
  });

  it("« le 31/12/2019 » en signature", () => {
    expect(parseEcheancier("Fait à Poitiers, le 31/12/2019", { ref: REF })).toEqual([
      {
        label: "Fait à Poitiers",
        start: "2019-12-31",
        end: "2019-12-31",
        precision: "day",
        text: "Fait à Poitiers, le 31/12/2019",
        confidence: 1,
      },
    ]);
  });

  it("fin du Contrat Enfance Jeunesse « au 31/12/2019 »", () => {
    expect(
      parseEcheancier(
        "Dans le cadre de la fin du Contrat Enfance Jeunesse au 31/12/2019 pour les communes de :",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "Dans le cadre de la fin du Contrat Enfance Jeunesse pour les communes de",
        start: "2019-12-31",
        end: "2019-12-31",
        precision: "day",
        text: "Dans le cadre de la fin du Contrat Enfance Jeunesse au 31/12/2019 pour les communes de",
        confidence: 1,
      },
    ]);
  });

  it("fin des Contrats Enfance Jeunesse « au 31/12/2020 »", () => {
    expect(
      parseEcheancier(
        "Dans le cadre de la fin des Contrats Enfance Jeunesse au 31/12/2020 pour les communes de :",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "Dans le cadre de la fin des Contrats Enfance Jeunesse pour les communes de",
        start: "2020-12-31",
        end: "2020-12-31",
        precision: "day",
        text: "Dans le cadre de la fin des Contrats Enfance Jeunesse au 31/12/2020 pour les communes de",
        confidence: 1,
      },
    ]);
  });

  it("« à l'issue de la présente convention » n'est pas une date lisible", () => {
    expect(
      parseEcheancier("Une évaluation est conduite à l'issue de la présente convention.", { ref: REF }),
    ).toEqual([
      {
        label: "Une évaluation est conduite à l'issue de la présente convention.",
        start: null,
        end: null,
        precision: null,
        text: "Une évaluation est conduite à l'issue de la présente convention.",
        confidence: 0,
      },
    ]);
  });

  it("« des évaluations annuelles » n'est pas une date", () => {
    expect(
      parseEcheancier(
        "Des évaluations annuelles seront réalisées sur la base d'indicateurs validés par les deux parties.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "Des évaluations annuelles seront réalisées sur la base d'indicateurs validés par les deux parties.",
        start: null,
        end: null,
        precision: null,
        text: "Des évaluations annuelles seront réalisées sur la base d'indicateurs validés par les deux parties.",
        confidence: 0,
      },
    ]);
  });

  it("« convention d'objectifs et de gestion 2018-2022 »", () => {
    expect(parseEcheancier("convention d'objectifs et de gestion 2018-2022", { ref: REF })).toEqual([
      {
        label: "convention d'objectifs et de gestion",
        start: "2018-01-01",
        end: "2022-12-31",
        precision: "range",
        text: "convention d'objectifs et de gestion 2018-2022",
        confidence: 1,
      },
    ]);
  });
});

describe("Golfe du Morbihan - Vannes Agglomération (000) : autres phrases datées", () => {
  it("charte : « actée le 23 décembre 2021 »", () => {
    expect(
      parseEcheancier(
        "La Convention Territoriale Globale actée le 23 décembre 2021 par 36 signataires, à savoir :",
        { ref: REF },
      ),
    ).toEqual([
      {
        label: "La Convention Territoriale Globale actée par 36 signataires, à savoir",
        start: "2021-12-23",
        end: "2021-12-23",
        precision: "day",
        text: "La Convention Territoriale Globale actée le 23 décembre 2021 par 36 signataires, à savoir",
        confidence: 1,
      },
    ]);
  });

  it("recrutement « en juin 2022. »", () => {
    expect(
      parseEcheancier(
        "Elle a connu son point de départ avec la tenue d'un séminaire de présentation de la Convention Territoriale Globale et le recrutement d'une chargée de coopération en juin 2022.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "Elle a connu son point de départ avec la tenue d'un séminaire de présentation de la Convention Territoriale Globale et le recrutement d'une chargée de coopération",
        start: "2022-06-01",
        end: "2022-06-30",
        precision: "month",
        text: "Elle a connu son point de départ avec la tenue d'un séminaire de présentation de la Convention Territoriale Globale et le recrutement d'une chargée de coopération en juin 2022.",
        confidence: 1,
      },
    ]);
  });

  it("journées ressources « une à deux par an » : pas de date", () => {
    expect(
      parseEcheancier(
        "**JOURNEE RESSOURCES**, à raison d'une à deux par an avec l'objectif de sensibiliser les élus et les professionnels sur un sujet ou une thématique en lien avec la CTG.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "JOURNEE RESSOURCES, à raison d'une à deux par an avec l'objectif de sensibiliser les élus et les professionnels sur un sujet ou une thématique en lien avec la CTG.",
        start: null,
        end: null,
        precision: null,
        text: "JOURNEE RESSOURCES, à raison d'une à deux par an avec l'objectif de sensibiliser les élus et les professionnels sur un sujet ou une thématique en lien avec la CTG.",
        confidence: 0,
      },
    ]);
  });

  it("« autant que de besoin » : pas de date", () => {
    expect(parseEcheancier("Elle se réunit autant que de besoin.", { ref: REF })).toEqual([
      {
        label: "Elle se réunit autant que de besoin.",
        start: null,
        end: null,
        precision: null,
        text: "Elle se réunit autant que de besoin.",
        confidence: 0,
      },
    ]);
  });
});

describe("Vendée Sèvre Autise (002) : autres phrases datées", () => {
  it("« en 2008 » au milieu d'une phrase", () => {
    expect(
      parseEcheancier(
        "C'est en 2008 que fut, pour la première fois, signée une Convention Territoriale Globale liant la CAF et un territoire autour d'une politique concertée en direction des jeunes et de leurs familles.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "C'est que fut, pour la première fois, signée une Convention Territoriale Globale liant la CAF et un territoire autour d'une politique concertée en direction des jeunes et de leurs familles",
        start: "2008-01-01",
        end: "2008-12-31",
        precision: "year",
        text: "C'est en 2008 que fut, pour la première fois, signée une Convention Territoriale Globale liant la CAF et un territoire autour d'une politique concertée en direction des jeunes et de leurs familles.",
        confidence: 1,
      },
    ]);
  });

  it("« version 2021, » : le libellé garde le reste de la phrase", () => {
    expect(
      parseEcheancier(
        "La Convention Territoriale Globale version 2021, sera une clef qui permettra de revisiter au mieux nos missions et nos actions.",
        { ref: REF },
      ),
    ).toEqual([
      {
        label:
          "La Convention Territoriale Globale version, sera une clef qui permettra de revisiter au mieux nos missions et nos actions",
        start: "2021-01-01",
        end: "2021-12-31",
        precision: "year",
        text: "La Convention Territoriale Globale version 2021, sera une clef qui permettra de revisiter au mieux nos missions et nos actions.",
        confidence: 1,
      },
    ]);
  });

  it("« Plan d'actions 2021-2025 »", () => {
    expect(parseEcheancier("Plan d'actions 2021-2025", { ref: REF })).toEqual([
      {
        label: "Plan d'actions",
        start: "2021-01-01",
        end: "2025-12-31",
        precision: "range",
        text: "Plan d'actions 2021-2025",
        confidence: 1,
      },
    ]);
  });

  it("« L'évaluation sera annuelle » : pas de date", () => {
    expect(
      parseEcheancier("L'évaluation sera annuelle et effectuée en comité de pilotage.", { ref: REF }),
    ).toEqual([
      {
        label: "L'évaluation sera annuelle et effectuée en comité de pilotage.",
        start: null,
        end: null,
        precision: null,
        text: "L'évaluation sera annuelle et effectuée en comité de pilotage.",
        confidence: 0,
      },
    ]);
  });
});

describe("Mellois en Poitou (003), réunion du 19 janvier 2024 : autres phrases datées", () => {
  it("historique : « 2016-2017 »", () => {
    expect(parseEcheancier("2016-2017", { ref: MEETING_DAY })).toEqual([
      {
        label: "2016-2017",
        start: "2016-01-01",
        end: "2017-12-31",
        precision: "range",
        text: "2016-2017",
        confidence: 1,
      },
    ]);
  });

  it("historique 2019 : « 24 janvier » et « 9 mai » prennent l'année du titre « 2019 », les puces OCR sortent des libellés", () => {
    expect(
      parseEcheancier(
        "2019\n\nv 24 janvier : Comité de pilotage Convention\nTerritoriale Globale (CTG) : définition des instances\nde gouvernance\n\nv\" 9 mai : Signature officielle en présence de la presse\nde la CTG pour une durée de 4 ans soit 2018-2021\n\nv' 13 décembre 2019 : Comité de pilotage CTG :\ndéfinition des modalités d’'évaluation et\nprésentation des perspectives 2020 et 2021",
        { ref: MEETING_DAY },
      ),
    ).toEqual([
      {
        label: "2019",
        start: "2019-01-01",
        end: "2019-12-31",
        precision: "year",
        text: "2019 v",
        confidence: 1,
      },
      {
        label:
          "Comité de pilotage Convention Territoriale Globale (CTG) : définition des instances de gouvernance",
        start: "2019-01-24",
        end: "2019-01-24",
        precision: "day",
        text: '24 janvier : Comité de pilotage Convention Territoriale Globale (CTG) : définition des instances de gouvernance v"',
        confidence: 0.9,
      },
      {
        label:
          "Signature officielle en présence de la presse de la CTG pour une durée de 4 ans soit 2018-2021",
        start: "2019-05-09",
        end: "2019-05-09",
        precision: "day",
        text: "9 mai : Signature officielle en présence de la presse de la CTG pour une durée de 4 ans soit 2018-2021 v'",
        confidence: 0.9,
      },
      {
        label:
          "Comité de pilotage CTG : définition des modalités d’'évaluation et présentation des perspectives 2020 et 2021",
        start: "2019-12-13",
        end: "2019-12-13",
        precision: "day",
        text: "13 décembre 2019 : Comité de pilotage CTG : définition des modalités d’'évaluation et présentation des perspectives 2020 et 2021",
        confidence: 1,
      },
    ]);
  });

  it("historique 2023 : « Evaluation … (2018-2022) » entre parenthèses", () => {
    expect(
      parseEcheancier("Evaluation de la Convention Territoriale Globale\n(2018-2022)", { ref: MEETING_DAY }),
    ).toEqual([
      {
        label: "Evaluation de la Convention Territoriale Globale",
        start: "2018-01-01",
        end: "2022-12-31",
        precision: "range",
        text: "Evaluation de la Convention Territoriale Globale (2018-2022)",
        confidence: 1,
      },
    ]);
  });

  it("historique 2023 : la puce OCR « v » sort du libellé", () => {
    expect(parseEcheancier("v Construction de la stratégie pour 2024-2027", { ref: MEETING_DAY })).toEqual([
      {
        label: "Construction de la stratégie",
        start: "2024-01-01",
        end: "2027-12-31",
        precision: "range",
        text: "v Construction de la stratégie pour 2024-2027",
        confidence: 1,
      },
    ]);
  });

  it("historique 2023 : « 18 décembre » suit le jalon daté du 19 octobre 2023, donc décembre 2023", () => {
    expect(
      parseEcheancier(
        '19 octobre 2023 : Validation par Mellois en Poitou\nde la stratégie de la CTG 2023-2027\n\nv" Validation en conseil d’administration de la CAF\ndes Deux-Seévres du 20 octobre et a [a MSA Poitou.\n\nv’ 18 décembre : Signature administrative de la\nConvention Territoriale Globale par les trois\nparties.',
        { ref: MEETING_DAY },
      ),
    ).toEqual([
      {
        label:
          'Validation par Mellois en Poitou de la stratégie de la CTG 2023-2027 v" Validation en conseil d’administration de la CAF des Deux-Seévres du 20 octobre et a [a MSA Poitou',
        start: "2023-10-19",
        end: "2023-10-19",
        precision: "day",
        text: '19 octobre 2023 : Validation par Mellois en Poitou de la stratégie de la CTG 2023-2027 v" Validation en conseil d’administration de la CAF des Deux-Seévres du 20 octobre et a [a MSA Poitou. v’',
        confidence: 1,
      },
      {
        label: "Signature administrative de la Convention Territoriale Globale par les trois parties",
        start: "2023-12-18",
        end: "2023-12-18",
        precision: "day",
        text: "18 décembre : Signature administrative de la Convention Territoriale Globale par les trois parties.",
        confidence: 0.9,
      },
    ]);
  });

  it("historique 2022 : « (2021-2025) » en fin de phrase coupée par l'OCR", () => {
    expect(
      parseEcheancier(
        "Signature de la convention cadre Grandir en\nMilieu Rural avec la MSA Poitou pour une durée\nde 5 ans (2021-2025)",
        { ref: MEETING_DAY },
      ),
    ).toEqual([
      {
        label:
          "Signature de la convention cadre Grandir en Milieu Rural avec la MSA Poitou pour une durée de 5 ans",
        start: "2021-01-01",
        end: "2025-12-31",
        precision: "range",
        text: "Signature de la convention cadre Grandir en Milieu Rural avec la MSA Poitou pour une durée de 5 ans (2021-2025)",
        confidence: 1,
      },
    ]);
  });

  it("« Aujourd’hui, 19 janvier 2024 : » : une date en tête sans libellé est son propre libellé", () => {
    expect(parseEcheancier("Aujourd’hui, 19 janvier 2024 :", { ref: MEETING_DAY })).toEqual([
      {
        label: "19 janvier 2024",
        start: "2024-01-19",
        end: "2024-01-19",
        precision: "day",
        text: "Aujourd’hui, 19 janvier 2024",
        confidence: 1,
      },
    ]);
  });

  it("« le 19 janvier 2024 » avec les apostrophes de l'OCR", () => {
    expect(
      parseEcheancier("Constitution d’'un Groupe d’Elaboration du Plan\nd’'Actions le 19 janvier 2024", {
        ref: MEETING_DAY,
      }),
    ).toEqual([
      {
        label: "Constitution d’'un Groupe d’Elaboration du Plan d’'Actions",
        start: "2024-01-19",
        end: "2024-01-19",
        precision: "day",
        text: "Constitution d’'un Groupe d’Elaboration du Plan d’'Actions le 19 janvier 2024",
        confidence: 1,
      },
    ]);
  });

  it("deux dates dans une phrase coupée par l'OCR donnent deux jalons", () => {
    expect(
      parseEcheancier(
        "Validation de la CTG en conseil communautaire\nMellois en Poitou le 26 novembre 2018 et en\nConseil d’Administration de la CAF du 4\ndécembre 2018",
        { ref: MEETING_DAY },
      ),
    ).toEqual([
      {
        label: "Validation de la CTG en conseil communautaire Mellois en Poitou",
        start: "2018-11-26",
        end: "2018-11-26",
        precision: "day",
        text: "Validation de la CTG en conseil communautaire Mellois en Poitou le 26 novembre 2018",
        confidence: 1,
      },
      {
        label: "en Conseil d’Administration de la CAF",
        start: "2018-12-04",
        end: "2018-12-04",
        precision: "day",
        text: "et en Conseil d’Administration de la CAF du 4 décembre 2018",
        confidence: 1,
      },
    ]);
  });

  it("« mardi 26 mars ou vendredi 29 mars » : deux dates possibles, en 2024 d'après le jour de la semaine", () => {
    expect(
      parseEcheancier(
        "1 journée entiéere sélectionnée parmi trois\ndates proposées : mardi 26 mars ou\nvendredi 29 mars",
        { ref: MEETING_DAY },
      ),
    ).toEqual([
      {
        label: "1 journée entiéere sélectionnée parmi trois dates proposées",
        start: "2024-03-26",
        end: "2024-03-26",
        precision: "day",
        text: "1 journée entiéere sélectionnée parmi trois dates proposées : mardi 26 mars ou vendredi 29 mars",
        confidence: 0.8,
      },
      {
        label: "1 journée entiéere sélectionnée parmi trois dates proposées",
        start: "2024-03-29",
        end: "2024-03-29",
        precision: "day",
        text: "1 journée entiéere sélectionnée parmi trois dates proposées : mardi 26 mars ou vendredi 29 mars",
        confidence: 0.8,
      },
    ]);
  });

  it("frise du rétroplanning : les mois sans année sont placés d'après la date de la réunion (limite connue : « Décembre », imprimé sous 2023, est lu décembre 2024)", () => {
    expect(
      parseEcheancier("Décembre ' Janvier Mars Avril - Mai Juin-Juillet Septembre Novembre", {
        ref: MEETING_DAY,
      }),
    ).toEqual([
      {
        label: "Décembre",
        start: "2024-12-01",
        end: "2024-12-31",
        precision: "month",
        text: "Décembre ' Janvier Mars Avril - Mai Juin-Juillet Septembre Novembre",
        confidence: 0.8,
      },
      {
        label: "Janvier",
        start: "2024-01-01",
        end: "2024-01-31",
        precision: "month",
        text: "Décembre ' Janvier Mars Avril - Mai Juin-Juillet Septembre Novembre",
        confidence: 0.8,
      },
      {
        label: "Mars",
        start: "2024-03-01",
        end: "2024-03-31",
        precision: "month",
        text: "Décembre ' Janvier Mars Avril - Mai Juin-Juillet Septembre Novembre",
        confidence: 0.8,
      },
      {
        label: "Avril - Mai",
        start: "2024-04-01",
        end: "2024-05-31",
        precision: "range",
        text: "Décembre ' Janvier Mars Avril - Mai Juin-Juillet Septembre Novembre",
        confidence: 0.8,
      },
      {
        label: "Juin-Juillet",
        start: "2024-06-01",
        end: "2024-07-31",
        precision: "range",
        text: "Décembre ' Janvier Mars Avril - Mai Juin-Juillet Septembre Novembre",
        confidence: 0.8,
      },
      {
        label: "Septembre",
        start: "2024-09-01",
        end: "2024-09-30",
        precision: "month",
        text: "Décembre ' Janvier Mars Avril - Mai Juin-Juillet Septembre Novembre",
        confidence: 0.8,
      },
      {
        label: "Novembre",
        start: "2024-11-01",
        end: "2024-11-30",
        precision: "month",
        text: "Décembre ' Janvier Mars Avril - Mai Juin-Juillet Septembre Novembre",
        confidence: 0.8,
      },
    ]);
  });

  it("rétroplanning : « 16 février et 8 mars 2024 » : la première date prend l'année de la seconde", () => {
    expect(
      parseEcheancier(
        "Lancement du travail sur une demi-journée parmi trois dates : 16 février et 8 mars 2024",
        { ref: MEETING_DAY },
      ),
    ).toEqual([
      {
        label: "Lancement du travail sur une demi-journée parmi trois dates",
        start: "2024-02-16",
        end: "2024-02-16",
        precision: "day",
        text: "Lancement du travail sur une demi-journée parmi trois dates : 16 février et 8 mars 2024",
        confidence: 1,
      },
      {
        label: "Lancement du travail sur une demi-journée parmi trois dates",
        start: "2024-03-08",
        end: "2024-03-08",
        precision: "day",
        text: "Lancement du travail sur une demi-journée parmi trois dates : 16 février et 8 mars 2024",
        confidence: 1,
      },
    ]);
  });

  it("pied de page « Globale - 19 janvier 2024 »", () => {
    expect(
      parseEcheancier("Réunion partenariale Convention Territoriale\nGlobale - 19 janvier 2024", {
        ref: MEETING_DAY,
      }),
    ).toEqual([
      {
        label: "Réunion partenariale Convention Territoriale Globale",
        start: "2024-01-19",
        end: "2024-01-19",
        precision: "day",
        text: "Réunion partenariale Convention Territoriale Globale - 19 janvier 2024",
        confidence: 1,
      },
    ]);
  });

  it("titre « LES ENJEUX 2023-2027 »", () => {
    expect(parseEcheancier("LES ENJEUX 2023-2027", { ref: MEETING_DAY })).toEqual([
      {
        label: "LES ENJEUX",
        start: "2023-01-01",
        end: "2027-12-31",
        precision: "range",
        text: "LES ENJEUX 2023-2027",
        confidence: 1,
      },
    ]);
  });
});
