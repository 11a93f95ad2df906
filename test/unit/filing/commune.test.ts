import { beforeAll, describe, expect, it } from "vitest";
import { findCommune } from "../../../src/domain/filing/commune.ts";
import type { TerritoryKnowledge } from "../../../src/domain/knowledge.ts";
import { demoKnowledge } from "./plan-knowledge.ts";

let agen: TerritoryKnowledge;
let chatellerault: TerritoryKnowledge;
beforeAll(async () => {
  agen = await demoKnowledge("agen");
  chatellerault = await demoKnowledge("grand-chatellerault");
});

const commune = (text: string, k: TerritoryKnowledge, fuzzy = true) =>
  findCommune(text, k.communes, { territoryName: k.territory.name, fuzzy })?.value ?? null;

describe("communes du plan", () => {
  it("accents, tirets et casse ne comptent pas", () => {
    expect(commune("délib Boé", agen)).toBe("Boé");
    expect(commune("deliberation BOE", agen)).toBe("Boé");
    expect(commune("CR réunion Pont du Casse", agen)).toBe("Pont-du-Casse");
    expect(commune("serignac sur garonne", agen)).toBe("Sérignac-sur-Garonne");
  });

  it("« St » et « Ste » valent « Saint » et « Sainte »", () => {
    expect(commune("délib St Nicolas de la Balerme", agen)).toBe("Saint-Nicolas-de-la-Balerme");
    expect(commune("conseil municipal de Ste Colombe en Bruilhois", agen)).toBe(
      "Sainte-Colombe-en-Bruilhois",
    );
    expect(commune("CR élus St Genest", chatellerault)).toBe("Saint-Genest-d'Ambière");
  });

  it("un début de nom suffit quand aucune autre commune ne commence ainsi", () => {
    expect(commune("délibération de Ste Colombe", agen)).toBe("Sainte-Colombe-en-Bruilhois");
    expect(commune("réunion à Colayrac", agen)).toBe("Colayrac-Saint-Cirq");
    expect(commune("réunion à Leigné", chatellerault)).toBeNull();
  });

  it("le nom le plus long l'emporte", () => {
    expect(commune("Saint-Martin-de-Beauville", agen)).toBe("Saint-Martin-de-Beauville");
    expect(commune("Beauville", agen)).toBe("Beauville");
  });

  it("le territoire n'est pas la commune qui lui donne son nom", () => {
    expect(commune("diagnostic agglo agen", agen)).toBeNull();
    expect(commune("CTG de l'Agglomération d'Agen", agen)).toBeNull();
    expect(commune("CTG Grand Châtellerault", chatellerault)).toBeNull();
    const bare = findCommune("réunion à Agen", agen.communes, { territoryName: agen.territory.name });
    expect(bare?.confidence).toBeLessThanOrEqual(0.5);
    const city = findCommune("délibération de la ville de Châtellerault", chatellerault.communes, {
      territoryName: chatellerault.territory.name,
    });
    expect(city?.value).toBe("Châtellerault");
    expect(city?.confidence).toBeGreaterThan(0.8);
  });

  it("« le passage » en minuscules est sans doute un mot, pas la commune", () => {
    const lower = findCommune("le passage du relais", agen.communes);
    const upper = findCommune("réunion au Passage, Le Passage", agen.communes);
    expect(lower?.confidence ?? 0).toBeLessThan(0.5);
    expect(upper?.value).toBe("Le Passage");
  });

  it("une faute de frappe dans un nom long, seulement si on le permet", () => {
    expect(commune("délib Foulayrones", agen)).toBe("Foulayronnes");
    expect(commune("délib Foulayrones", agen, false)).toBeNull();
  });

  it("jamais une commune absente du plan", () => {
    expect(commune("délib Séné", agen)).toBeNull();
    expect(findCommune("délib Vannes", [])).toBeNull();
  });
});
