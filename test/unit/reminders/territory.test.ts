import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "../../../src/domain/reminders/types.ts";
import { knowledge, plan, rule, schedule, territory, utc } from "./fixtures.ts";

const YEAR_2026 = { from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z") };

describe("rappels de la convention", () => {
  const k = knowledge({
    territory: territory({
      conventionEnd: "2026-12-31",
      noticeMonths: 6,
      conventionTitle: "CTG de l'Agenais",
    }),
  });

  it("rappelle la fin de la convention et la date limite de dénonciation", () => {
    const os = plan({ knowledge: k, ...YEAR_2026 }, ["convention"]);
    expect(schedule(os)).toEqual({
      "convention:agen:preavis-J-30:slack:C1": "2026-05-31T07:00:00.000Z",
      "convention:agen:preavis-J-7:slack:C1": "2026-06-23T07:00:00.000Z",
      "convention:agen:preavis-J0:slack:C1": "2026-06-30T07:00:00.000Z",
      "convention:agen:fin-J-90:slack:C1": "2026-10-02T07:00:00.000Z",
      "convention:agen:fin-J-30:slack:C1": "2026-12-01T08:00:00.000Z",
      "convention:agen:fin-J0:slack:C1": "2026-12-31T08:00:00.000Z",
    });
    expect(os.every((o) => o.ref === "agen" && o.kind === "convention")).toBe(true);
    expect(os[1]?.text).toBe(
      "Date limite pour dénoncer la convention dans 7 jours, le mardi 30 juin 2026 (préavis de 6 mois avant sa fin, le 31 décembre 2026). Source : Agglomération d'Agen.",
    );
    expect(os[3]?.text).toBe(
      "Fin de la convention (« CTG de l'Agenais ») dans 90 jours, le jeudi 31 décembre 2026. Pensez à en préparer le bilan et la suite avec les signataires. Source : Agglomération d'Agen.",
    );
  });

  it("cite la règle de préavis quand le plan en donne une", () => {
    const withRule = {
      ...k,
      rules: [rule({ key: "preavis-denonciation", text: "6 mois", source: "Convention, art. 8" })],
    };
    const os = plan(
      { knowledge: withRule, from: utc("2026-06-30T00:00:00Z"), to: utc("2026-07-01T00:00:00Z") },
      ["convention"],
    );
    expect(os[0]?.text).toMatch(/Source : Convention, art\. 8\.$/);
  });

  it("ne rappelle rien sans date de fin, et pas de préavis sans durée de préavis", () => {
    expect(plan({ knowledge: knowledge(), ...YEAR_2026 }, ["convention"])).toEqual([]);
    const noNotice = knowledge({ territory: territory({ conventionEnd: "2026-12-31" }) });
    expect(plan({ knowledge: noNotice, ...YEAR_2026 }, ["convention"]).map((o) => o.key)).toEqual([
      "convention:agen:fin-J-90:slack:C1",
      "convention:agen:fin-J-30:slack:C1",
      "convention:agen:fin-J0:slack:C1",
    ]);
  });
});

describe("mise à jour annuelle des référents", () => {
  it("rappelle chaque 1er septembre la règle du territoire, citée", () => {
    const k = knowledge({ rules: [rule()] });
    const os = plan({ knowledge: k, from: utc("2026-01-01T00:00:00Z"), to: utc("2028-01-01T00:00:00Z") }, [
      "referents",
    ]);
    expect(schedule(os)).toEqual({
      "referents:agen:2026:slack:C1": "2026-09-01T07:00:00.000Z",
      "referents:agen:2027:slack:C1": "2027-09-01T07:00:00.000Z",
    });
    expect(os[0]?.text).toBe(
      "Mise à jour annuelle de la liste des référents CTG : « La liste des référents est actualisée chaque année. » Merci de vérifier la liste et de signaler les changements. Source : Charte de partenariat, II.",
    );
    expect(os[0]?.reply.blocks).toContainEqual({
      type: "choices",
      prompt: "Voir la liste actuelle :",
      choices: [{ label: "Référents", command: "referents" }],
    });
  });

  it("ne rappelle rien sans la règle « referents-mise-a-jour » ou quand la politique l'exclut", () => {
    const other = knowledge({ rules: [rule({ key: "referents-par-commune" })] });
    expect(plan({ knowledge: other, ...YEAR_2026 }, ["referents"])).toEqual([]);
    const policy = { ...DEFAULT_POLICY, referentsUpdate: null };
    expect(plan({ knowledge: knowledge({ rules: [rule()] }), policy, ...YEAR_2026 }, ["referents"])).toEqual(
      [],
    );
  });
});
