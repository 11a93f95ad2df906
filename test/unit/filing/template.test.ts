import { describe, expect, it } from "vitest";
import { parseTemplate, renderTemplate, requiredVariables } from "../../../src/domain/filing/template.ts";
import { shortenTitle } from "../../../src/domain/filing/title.ts";

describe("modèles de noms et de dossiers", () => {
  it("remplit les variables, retire les parties facultatives incomplètes", () => {
    const t = "{date} - {type}[ - {sujet}]";
    expect(renderTemplate(t, { date: "2024-03-12", type: "Compte rendu", sujet: "COPIL" })).toBe(
      "2024-03-12 - Compte rendu - COPIL",
    );
    expect(renderTemplate(t, { date: "2024-03-12", type: "Compte rendu" })).toBe("2024-03-12 - Compte rendu");
    expect(renderTemplate(t, { date: "2024-03-12" })).toBeNull();
    expect(requiredVariables(t)).toEqual(["date", "type"]);
  });

  it("une valeur par défaut après « | », « annee » vaut « année »", () => {
    expect(renderTemplate("{instance.nom|Journée ressources}", {})).toBe("Journée ressources");
    expect(renderTemplate("COPIL/{annee}", { année: "2024" })).toBe("COPIL/2024");
  });

  it("signale en français ce qui ne va pas", () => {
    expect(parseTemplate("{anne}").issues[0]).toMatch(/^variable inconnue « \{anne\} »/);
    expect(parseTemplate("{date").issues).toEqual(["accolade « { » non fermée"]);
    expect(parseTemplate("a]").issues).toEqual(["crochet « ] » sans « [ »"]);
    expect(parseTemplate("[a[b]]").issues).toContain("crochets « [ » imbriqués");
  });
});

describe("titres raccourcis pour les dossiers", () => {
  it("coupe à la première articulation de la phrase quand elle tient", () => {
    expect(
      shortenTitle(
        "Équité territoriale, rétablir les déséquilibres territoriaux, réduire les fractures et renforcer le maillage en milieu rural",
      ),
    ).toBe("Équité territoriale");
  });

  it("sinon au dernier mot entier, sans finir sur « de », « et »…", () => {
    const short = shortenTitle(
      "Développer une politique de mise en commun des moyens afin de renforcer les possibilités d'agir (transports et séjours par exemple)",
    );
    expect(short).toBe("Développer une politique de mise en commun des moyens afin");
    expect(short.length).toBeLessThanOrEqual(60);
    expect(
      shortenTitle("Impulser la réflexion autour un « Habitat jeune hybride », espace mêlant propositions"),
    ).toBe("Impulser la réflexion autour un Habitat jeune hybride");
  });

  it("un titre court reste entier, sans guillemets", () => {
    expect(shortenTitle("« Proposer un évènement festif et familial »")).toBe(
      "Proposer un évènement festif et familial",
    );
  });
});
