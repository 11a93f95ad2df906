import { beforeAll, describe, expect, it } from "vitest";
import { classifyDocument } from "../../../src/domain/filing/classify.ts";
import type { FilingLexicon } from "../../../src/domain/filing/lexicon-schema.ts";
import type { ClassifyInput } from "../../../src/domain/filing/types.ts";
import type { TerritoryKnowledge } from "../../../src/domain/knowledge.ts";
import { loadFilingLexicon } from "../../../src/filing/filing-lexicon.ts";
import { demoKnowledge } from "./plan-knowledge.ts";

let agen: TerritoryKnowledge;
let gmva: TerritoryKnowledge;
let lexicon: FilingLexicon;
beforeAll(async () => {
  lexicon = await loadFilingLexicon();
  agen = await demoKnowledge("agen");
  gmva = await demoKnowledge("golfe-morbihan-vannes");
});

const posted = (overrides: Partial<ClassifyInput> = {}): ClassifyInput => ({
  knowledge: agen,
  fileName: "document.pdf",
  message: "",
  firstPage: null,
  postedAt: new Date("2024-03-13T08:15:00Z"),
  zone: "Europe/Paris",
  lexicon,
  ...overrides,
});

describe("classement d'un document déposé", () => {
  it("lit chaque champ avec sa source, sa confiance et une raison en français", () => {
    const c = classifyDocument(posted({ fileName: "CR_COPIL.pdf", message: "CR du COPIL d'hier" }));
    expect(c.type).toMatchObject({ value: "compte-rendu", source: "message" });
    expect(c.type?.reason).toBe("« CR » dans le message");
    expect(c.instance?.value.kind).toBe("copil");
    expect(c.date).toMatchObject({ value: "2024-03-12", source: "message" });
    expect(c.date?.reason).toContain("12 mars 2024");
    expect(c.type?.confidence).toBeGreaterThan(0.85);
  });

  it("« hier » se lit à l'heure de Paris : à 0 h 30 le 1er janvier, hier est le 31 décembre", () => {
    // 2024-01-01T00:30 in Paris is still 2023-12-31 in UTC.
    const c = classifyDocument(posted({ message: "CR d'hier", postedAt: new Date("2023-12-31T23:30:00Z") }));
    expect(c.date?.value).toBe("2023-12-31");
    const utc = classifyDocument(
      posted({ message: "CR d'hier", postedAt: new Date("2023-12-31T23:30:00Z"), zone: "UTC" }),
    );
    expect(utc.date?.value).toBe("2023-12-30");
  });

  it("le message l'emporte sur le nom du fichier", () => {
    const c = classifyDocument(
      posted({ fileName: "CR_copil_2023.docx", message: "en fait c'est l'ODJ du cotech du 12/10" }),
    );
    expect(c.type).toMatchObject({ value: "ordre-du-jour", source: "message" });
    expect(c.instance?.value.kind).toBe("cotech");
  });

  it("le nom du fichier l'emporte sur la première page, qui l'emporte sur le salon", () => {
    const c = classifyDocument(
      posted({
        fileName: "ODJ_cotech.pdf",
        firstPage: "COMPTE RENDU\nComité de pilotage du 28 février 2024",
        channelDefaults: { type: "bilan", instance: { kind: "commission", name: null, label: "Commission" } },
      }),
    );
    expect(c.type).toMatchObject({ value: "ordre-du-jour", source: "filename" });
    expect(c.instance?.value.kind).toBe("cotech");
    expect(c.date).toMatchObject({ value: "2024-02-28", source: "content" });
  });

  it("la première page renseigne ce que ni le message ni le nom ne disent", () => {
    const c = classifyDocument(
      posted({
        firstPage: "COMPTE RENDU\nComité de pilotage CTG du 28 février 2024\nPrésents : Boé, Layrac",
      }),
    );
    expect(c.type).toMatchObject({ value: "compte-rendu", source: "content" });
    expect(c.instance?.value.kind).toBe("copil");
    expect(c.date?.value).toBe("2024-02-28");
  });

  it("les réglages du salon comblent ce que le document ne dit pas", () => {
    const c = classifyDocument(
      posted({ message: "notes", channelDefaults: { commune: "Boé", action: "11" } }),
    );
    expect(c.commune).toMatchObject({ value: "Boé", source: "channel" });
    expect(c.action).toMatchObject({ value: "11", source: "channel" });
  });

  it("un classement corrigé prête son type à un nom de fichier semblable", () => {
    const c = classifyDocument(
      posted({
        fileName: "Synthese questionnaire familles 2024.pdf",
        corrections: [
          {
            fileName: "Synthese questionnaire familles 2023.pdf",
            type: "diagnostic",
            folder: "01 Diagnostic",
          },
        ],
      }),
    );
    expect(c.type).toMatchObject({ value: "diagnostic", source: "learned" });
  });

  it("sans date écrite, un compte rendu prend la date de l'instance du calendrier", () => {
    const c = classifyDocument(
      posted({
        knowledge: gmva,
        message: "diapo journée ressources",
        postedAt: new Date("2027-04-16T07:00:00Z"),
      }),
    );
    expect(c.date?.value).toBe("2027-04-15");
    expect(c.date?.reason).toContain("exemple de démonstration");
    expect(c.instance?.value.name).toBe("Journée ressources (printemps 2027)");
  });

  it("sans date nulle part, le jour du dépôt, peu sûr", () => {
    const c = classifyDocument(posted({ message: "délib Boé" }));
    expect(c.date?.value).toBe("2024-03-13");
    expect(c.date?.confidence).toBeLessThan(0.5);
    expect(c.date?.reason).toContain("jour du dépôt");
  });

  it("un numéro d'action absent du plan n'est jamais inventé", () => {
    const c = classifyDocument(posted({ message: "fiche action 14" }));
    expect(c.type?.value).toBe("fiche-action");
    expect(c.action).toBeNull();
  });

  it("rien de reconnaissable : tous les champs vides sauf la date du dépôt", () => {
    const c = classifyDocument(posted({ fileName: "scan0042.jpg", message: "pour info" }));
    expect([c.type, c.instance, c.action, c.commune]).toEqual([null, null, null, null]);
  });
});
