import { beforeAll, describe, expect, it } from "vitest";
import { classifyDocument } from "../../../src/domain/filing/classify.ts";
import type { FilingLexicon } from "../../../src/domain/filing/lexicon-schema.ts";
import { parseFilingRules } from "../../../src/domain/filing/parse-rules.ts";
import { chooseDestination } from "../../../src/domain/filing/rules.ts";
import type { FilingRules } from "../../../src/domain/filing/rules-schema.ts";
import type { Correction } from "../../../src/domain/filing/types.ts";
import type { TerritoryKnowledge } from "../../../src/domain/knowledge.ts";
import { loadFilingLexicon } from "../../../src/filing/filing-lexicon.ts";
import { loadFilingRules } from "../../../src/filing/rules-file.ts";
import { demoKnowledge } from "./plan-knowledge.ts";

let rules: FilingRules;
let agen: TerritoryKnowledge;
let gmva: TerritoryKnowledge;
let lexicon: FilingLexicon;
beforeAll(async () => {
  lexicon = await loadFilingLexicon();
  rules = await loadFilingRules();
  agen = await demoKnowledge("agen");
  gmva = await demoKnowledge("golfe-morbihan-vannes");
});

const file = (
  fileName: string,
  message: string,
  options: {
    knowledge?: TerritoryKnowledge;
    rules?: FilingRules;
    corrections?: Correction[];
    at?: string;
  } = {},
) => {
  const knowledge = options.knowledge ?? agen;
  const classification = classifyDocument({
    knowledge,
    fileName,
    message,
    firstPage: null,
    postedAt: new Date(options.at ?? "2024-03-13T08:15:00Z"),
    zone: "Europe/Paris",
    lexicon,
  });
  return chooseDestination({
    classification,
    knowledge,
    rules: options.rules ?? rules,
    originalName: fileName,
    ...(options.corrections === undefined ? {} : { corrections: options.corrections }),
  });
};

describe("destination dans l'Espace collaboratif", () => {
  it("un CR de COPIL : dossier de l'année, nom daté, extension gardée en minuscules", () => {
    const d = file("CR_COPIL.PDF", "CR du COPIL d'hier");
    expect(d).toMatchObject({
      folder: "03 Instances/COPIL/2024",
      fileName: "2024-03-12 - Compte rendu - COPIL.pdf",
      path: "03 Instances/COPIL/2024/2024-03-12 - Compte rendu - COPIL.pdf",
      ask: false,
    });
    expect(d.confidence).toBeGreaterThan(0.8);
    expect(d.reasons).toContain("Règle « copil » : 03 Instances/COPIL/2024.");
    expect(d.reasons.some((r) => r.startsWith("Type : compte rendu"))).toBe(true);
  });

  it("une fiche action va dans son axe et son action, titres raccourcis et sûrs", () => {
    const d = file("FA2.5.docx", "fiche action 2.5 MAJ", { knowledge: gmva });
    expect(d.folder).toBe(
      "02 Plan d'actions/Axe 2 - Renforcer le lien social, favoriser l'inclusion/Action 2.5 - Repérer les instances participatives des 11-17 ans",
    );
    expect(d.fileName).toBe("2024-03-13 - Fiche action - Action 2.5.docx");
    for (const segment of d.folder.split("/"))
      expect(segment.length).toBeLessThanOrEqual(60 + "Action 2.5 - ".length);
  });

  it("une délibération de commune va dans le dossier de la commune", () => {
    const d = file("scan.pdf", "délib Boé");
    expect(d.folder).toBe("05 Communes/Boé");
    expect(d.fileName).toBe("2024-03-13 - Délibération - Boé.pdf");
  });

  it("rien de reconnaissable : « A classer », la question, des dossiers à proposer", () => {
    const d = file("scan0042.jpg", "pour info");
    expect(d.ask).toBe(true);
    expect(d.folder).toBe("A classer");
    expect(d.fileName).toBe("2024-03-13 - scan0042.jpg");
    expect(d.alternatives.length).toBeGreaterThanOrEqual(2);
    expect(d.alternatives.length).toBeLessThanOrEqual(4);
    expect(d.alternatives[0]?.folder).toBe("A classer");
  });

  it("un compte rendu sans instance : la question, avec les instances parmi les choix", () => {
    const d = file("CR.docx", "CR de la réunion de lundi");
    expect(d.ask).toBe(true);
    expect(d.alternatives.map((a) => a.folder)).toContain("03 Instances");
    expect(d.alternatives[0]?.folder).toBe(d.folder);
  });

  it("deux dossiers aussi plausibles : la question, le meilleur en premier", () => {
    const d = file("CR.docx", "CR réunion GT jeunesse sur l'action 3");
    expect(d.ask).toBe(true);
    expect(
      d.alternatives
        .map((a) => a.folder)
        .slice(0, 2)
        .sort(),
    ).toEqual([
      "02 Plan d'actions/Axe 1 - Équité territoriale/Action 3 - Aller vers en déployant une offre jeunesse sur l'ensemble",
      "03 Instances/Groupes de travail/Jeunesse/2024",
    ]);
    expect(d.reasons.some((r) => r.startsWith("Hésitation avec"))).toBe(true);
  });

  it("« fiche 2.3 » dans un plan sans 2.3 : le bot demande, en proposant l'action 2", () => {
    const d = file("FA 2.3 maj.docx", "fiche 2.3 mise à jour");
    expect(d.ask).toBe(true);
    expect(d.alternatives.map((a) => a.folder)).toContain(
      "02 Plan d'actions/Axe 1 - Équité territoriale/Action 2 - Tendre vers une harmonisation de l'offre",
    );
  });

  it("un bilan présenté en COPIL reste un bilan, rangé à l'année dont il parle", () => {
    expect(file("Evaluation CTG 2023.pdf", "rapport d'évaluation présenté en copil").folder).toBe(
      "06 Évaluation/2023",
    );
  });

  it("une correction apprise pour un nom semblable l'emporte", () => {
    const corrections: Correction[] = [
      {
        fileName: "Newsletter familles mars.pdf",
        type: null,
        folder: "07 Communication/Lettres aux familles",
      },
    ];
    const d = file("Newsletter familles juin.pdf", "", { corrections });
    expect(d).toMatchObject({ folder: "07 Communication/Lettres aux familles", ask: false });
    expect(d.reasons.at(-1)).toContain("Newsletter familles mars.pdf");
  });

  it("une racine place l'arbre dans un dossier existant de l'équipe", () => {
    const source = `racine: CTG/Espace collaboratif
a_classer: "00 A trier"
noms: ["{date}[ - {type}][ - {sujet}]"]
regles:
  - cle: copil
    si: { instance: copil }
    dossier: Réunions/COPIL {année}
`;
    const parsed = parseFilingRules(source, "agen.yaml");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(file("CR.pdf", "CR du copil d'hier", { rules: parsed.rules }).folder).toBe(
      "CTG/Espace collaboratif/Réunions/COPIL 2024",
    );
    expect(file("x.pdf", "pour info", { rules: parsed.rules })).toMatchObject({
      folder: "CTG/Espace collaboratif/00 A trier",
      fileName: "2024-03-13.pdf",
      ask: true,
    });
  });
});
