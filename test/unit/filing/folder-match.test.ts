import { describe, expect, it } from "vitest";
import { matchExistingFolder } from "../../../src/domain/filing/folder-match.ts";

describe("réutiliser les dossiers de l'équipe", () => {
  it("même nom à la casse, aux accents, aux tirets et aux espaces près", () => {
    expect(matchExistingFolder("Action 3.2 - Mobilité", ["Action 3.1 - Info", "Action 3.2 – Mobilite"])).toBe(
      "Action 3.2 – Mobilite",
    );
    expect(matchExistingFolder("03 Instances", ["03  INSTANCES"])).toBe("03  INSTANCES");
    expect(matchExistingFolder("Groupes de travail", ["groupes-de-travail"])).toBe("groupes-de-travail");
    expect(matchExistingFolder("A classer", ["À classer"])).toBe("À classer");
    expect(matchExistingFolder("Saint-Genest-d'Ambière", ["Saint Genest d’Ambière"])).toBe(
      "Saint Genest d’Ambière",
    );
  });

  it("même numéro d'action ou d'axe, quel que soit le titre", () => {
    expect(
      matchExistingFolder("Action 3.4 - Développer et soutenir les actions d'aide à la mobilité", [
        "Action 3.4 — Mobilité",
        "Action 3.5 — AVS",
      ]),
    ).toBe("Action 3.4 — Mobilité");
    expect(matchExistingFolder("Axe 2 - Lien social", ["Axe 2 : lien social et parentalité"])).toBe(
      "Axe 2 : lien social et parentalité",
    );
    expect(
      matchExistingFolder("Action 1 - RPE", ["Action 11 - Accueil", "Action 1.1 - Observatoire"]),
    ).toBeNull();
    expect(matchExistingFolder("Action 3.2 - x", ["Action 3.20 - y"])).toBeNull();
  });

  it("même nom sans son numéro d'ordre", () => {
    expect(matchExistingFolder("03 Instances", ["3. Instances", "04 Journées ressources"])).toBe(
      "3. Instances",
    );
    expect(matchExistingFolder("06 Évaluation", ["Evaluation"])).toBe("Evaluation");
  });

  it("aucun dossier ressemblant : null, le dossier sera créé", () => {
    expect(matchExistingFolder("05 Communes", ["03 Instances", "Archives"])).toBeNull();
    expect(matchExistingFolder("COPIL", [])).toBeNull();
  });

  it("deux candidats aussi ressemblants : null plutôt qu'un choix au hasard", () => {
    expect(matchExistingFolder("Action 2 - x", ["Action 2 - a", "action 2 - b"])).toBeNull();
  });
});
