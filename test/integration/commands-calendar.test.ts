import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planSchema } from "../../src/domain/plan/plan-schema.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import { startTestApp, type TestChat } from "../helpers/app.ts";
import { createPgliteDatabase, type TestDatabase } from "../helpers/databases.ts";

// Sunday 22 November 2026, 10:00 in Paris: this week runs from Monday 16 to Sunday 22 November.
const NOW = new Date("2026-11-22T09:00:00Z");

const milestone = (libelle: string, debut: string, fin: string, precision: string) => ({
  libelle,
  debut,
  fin,
  precision,
});

/** Milestones around the fixed clock, actions of every status, and more events than one page. */
const calendarPlan = planSchema.parse({
  territoire: { slug: "essai-calendrier", nom: "Territoire d'essai", source: "Convention d'essai" },
  axes: [
    { numero: "1", titre: "Petite enfance" },
    { numero: "2", titre: "Jeunesse" },
  ],
  actions: [
    {
      numero: "1",
      axe: "1",
      titre: "Ouvrir un relais petite enfance",
      statut: "en_cours",
      source: "Convention d'essai, fiche action 1",
      jalons: [
        milestone("bilan intermédiaire", "2026-09-01", "2026-10-31", "range"),
        milestone("réunion de lancement", "2026-11-16", "2026-11-20", "range"),
        milestone("visite des locaux", "2026-11-23", "2026-11-23", "day"),
      ],
    },
    {
      numero: "2",
      axe: "1",
      titre: "Former les assistants maternels",
      statut: "realisee",
      source: "Convention d'essai, fiche action 2",
      jalons: [milestone("formation", "2025-03-01", "2025-03-31", "month")],
    },
    {
      numero: "3",
      axe: "2",
      titre: "Créer un conseil des jeunes",
      statut: "abandonnee",
      source: "Convention d'essai, fiche action 3",
      jalons: [milestone("élection", "2024-01-01", "2024-12-31", "year")],
    },
    {
      numero: "4",
      axe: "2",
      titre: "Créer un point information jeunesse",
      source: "Convention d'essai, fiche action 4",
      jalons: [
        milestone("étude", "2025-01-01", "2025-06-30", "semester"),
        milestone("ouverture", "2026-12-01", "2026-12-31", "month"),
      ],
    },
  ],
  evenements: [
    {
      cle: "cotech-2026-12",
      type: "cotech",
      titre: "Comité technique",
      debut: "2026-12-03T14:00",
      source: "Calendrier d'essai",
    },
    ...Array.from({ length: 12 }, (_, i) => ({
      cle: `copil-2027-${i + 1}`,
      type: "copil",
      titre: `Comité de pilotage n° ${i + 1}`,
      debut: `2027-${String(i + 1).padStart(2, "0")}-14T10:00`,
      source: "Calendrier d'essai",
    })),
  ],
});

describe("échéances and agenda", () => {
  let db: TestDatabase;
  let chat: TestChat;
  const agen = (text: string) => chat.send(text, "canal-agen");
  const essai = (text: string) => chat.send(text, "canal-essai");

  beforeAll(async () => {
    db = await createPgliteDatabase();
    chat = await startTestApp(db, NOW);
    await importPlan(chat.app.db.prisma, calendarPlan, "2026-11-22");
    await agen("territoire agen");
    await essai("territoire essai-calendrier");
  });
  afterAll(async () => {
    await chat?.app.close();
    await db?.drop();
  });

  describe("echeances", () => {
    it("lists this week's milestones, Monday to Sunday", async () => {
      const { result, text } = await essai("echeances cette semaine");
      expect(result.status).toBe("ok");
      expect(text).toContain(
        "Échéances de cette semaine (du 16 novembre 2026 au 22 novembre 2026) — Territoire d'essai",
      );
      expect(text).toContain(
        "  • Action 1 (Ouvrir un relais petite enfance) — Du 16 novembre 2026 au 20 novembre 2026 : réunion de lancement",
      );
      expect(text).not.toContain("visite des locaux");
      expect(text).toContain("  ↳ Source : Territoire d'essai, Convention d'essai, fiche action 1.");
    });

    it("lists this month's and this quarter's milestones, soonest end first", async () => {
      const month = await essai("echeances ce mois");
      expect(month.text).toContain("Échéances de ce mois (du 1er novembre 2026 au 30 novembre 2026)");
      expect(month.text).toContain("visite des locaux");
      expect(month.text).not.toContain("bilan intermédiaire");
      const quarter = await essai("echeances trimestre");
      expect(quarter.text).toContain("Échéances de ce trimestre (du 1er octobre 2026 au 31 décembre 2026)");
      const order = ["bilan intermédiaire", "réunion de lancement", "visite des locaux", "ouverture"].map(
        (l) => quarter.text.indexOf(l),
      );
      expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] ?? 0)))).toBe(true);
      expect(quarter.text).toContain(
        "Source : Territoire d'essai, Convention d'essai, fiches actions 1 et 4.",
      );
    });

    it("lists late milestones oldest first, says since when, and skips done or abandoned actions", async () => {
      const { result, text } = await essai("echeances en retard");
      expect(result.status).toBe("ok");
      expect(text).toBe(
        [
          "Échéances en retard — Territoire d'essai",
          "─".repeat("Échéances en retard — Territoire d'essai".length),
          "  • Action 4 (Créer un point information jeunesse) — 1er semestre 2025 : étude — en retard depuis le 1er juillet 2025",
          "  • Action 1 (Ouvrir un relais petite enfance) — De septembre à octobre 2026 : bilan intermédiaire — en retard depuis le 1er novembre 2026",
          "  • Action 1 (Ouvrir un relais petite enfance) — Du 16 novembre 2026 au 20 novembre 2026 : réunion de lancement — en retard depuis le 21 novembre 2026",
          "  ↳ 3 jalons en retard (date de fin passée, jalon non marqué comme fait, action ni réalisée ni abandonnée). Détail : /ctg action <n°>.",
          "  ↳ Source : Territoire d'essai, Convention d'essai, fiches actions 1 et 4.",
        ].join("\n"),
      );
    });

    it("restricts to one axis or one action", async () => {
      const axis = await agen("echeances en retard axe 4");
      expect(axis.text).toContain("Échéances en retard — Agglomération d'Agen (axe 4)");
      expect(axis.text).toContain(
        "  • Action 12 (Former tous les professionnels à l'inclusion) — 2022-2023 : construction et validation du plan pluriannuel de formation — en retard depuis le 1er janvier 2024",
      );
      expect(axis.text).toContain("3 jalons en retard");
      expect(axis.text).not.toContain("Action 1 (");
      const one = await agen("echeances 2024 action 3");
      expect(one.text).toContain(
        "Échéances du 1er janvier 2024 au 31 décembre 2024 — Agglomération d'Agen (action 3)",
      );
      expect(one.text).toContain(
        "  ↳ 1 jalon, lu dans les échéanciers des fiches actions. Détail : /ctg action <n°>.",
      );
      expect(one.text).toContain(
        "  ↳ Source : Agglomération d'Agen, Convention CTG 2022-2026, annexe 3, fiche action 3.",
      );
    });

    it("pages a long list of late milestones, the hint repeating « en retard »", async () => {
      const { text } = await agen("echeances en retard");
      expect(text).toContain("Échéances en retard — Agglomération d'Agen (page 1 sur 2)");
      expect(text).toContain("  ↳ … et 8 autres : « /ctg echeances en retard page 2 ».");
      const second = await agen("echeances en retard page 2");
      expect(second.text).toContain("2025 : création du tiers-lieu — en retard depuis le 1er janvier 2026");
    });

    it("says when nothing is late or due", async () => {
      const late = await essai("echeances en retard axe 1 page 1");
      expect(late.text).toContain("Action 1 (");
      const none = await essai("echeances 2030");
      expect(none.result.status).toBe("ok");
      expect(none.text).toContain(
        "Aucune échéance du 1er janvier 2030 au 31 décembre 2030 pour Territoire d'essai.",
      );
      const noneLate = await essai("echeances en retard action 2");
      expect(noneLate.text).toContain("Aucune échéance en retard pour Territoire d'essai (action 2).");
    });

    it("refuses an unknown period, action or axis in French", async () => {
      const period = await agen("echeances la semaine des quatre jeudis");
      expect(period.result).toMatchObject({ status: "user-error", code: "bad_period" });
      expect(period.text).toContain(
        "Je ne comprends pas la période « la semaine des quatre jeudis ». Exemples : « cette semaine »",
      );
      const action = await agen("echeances en retard action 99");
      expect(action.result).toMatchObject({ status: "user-error", code: "unknown_action" });
      expect(action.text).toBe(
        "Je n'ai pas trouvé d'action 99 à l'Agglomération d'Agen. Les fiches vont de 1 à 13.",
      );
      const axis = await agen("echeances axe 9");
      expect(axis.text).toBe("Le plan de l'Agglomération d'Agen n'a pas d'axe 9. Axes : 1, 2, 3, 4.");
      const page = await agen("echeances en retard page zéro");
      expect(page.result.status).toBe("user-error");
      expect(page.text).toContain("(et non « zéro »)");
    });
  });

  describe("agenda", () => {
    it("shows 10 events per page and hints at the next one", async () => {
      const { result, text } = await essai("agenda");
      expect(result.status).toBe("ok");
      expect(text).toContain("Agenda — Territoire d'essai (page 1 sur 2)");
      expect(text).toContain("  • Jeudi 3 décembre 2026 à 14 h — Comité technique\n");
      expect(text).toContain("Comité de pilotage n° 9");
      expect(text).not.toContain("Comité de pilotage n° 10");
      expect(text).toContain("  ↳ … et 3 autres : « /ctg agenda page 2 ».");
      expect(text).toContain("  ↳ Source : Calendrier d'essai.");
      const second = await essai("agenda page 2");
      expect(second.text).toContain("Agenda — Territoire d'essai (page 2 sur 2)");
      expect(second.text).toContain("Mardi 14 décembre 2027 à 10 h — Comité de pilotage n° 12");
    });

    it("keeps the type in the next-page hint", async () => {
      const { text } = await essai("agenda copil");
      expect(text).not.toContain("COTECH");
      expect(text).toContain("  ↳ … et 2 autres : « /ctg agenda copil page 2 ».");
      const second = await essai("agenda copil page 2");
      expect(second.text).toContain("Comité de pilotage n° 11");
    });

    it("refuses a page that is not there or not a number", async () => {
      const past = await essai("agenda copil page 3");
      expect(past.result.status).toBe("user-error");
      expect(past.text).toBe("Il n'y a pas de page 3 : la liste tient sur 2 pages.");
      const letters = await essai("agenda page abc");
      expect(letters.result.status).toBe("user-error");
      expect(letters.text).toContain(
        "Usage : /ctg agenda [copil | cotech | journées ressources | …] [page N]",
      );
    });

    it("keeps Agen's short agenda on one page, without a page label", async () => {
      const { text } = await agen("agenda");
      expect(text).toContain("Agenda — Agglomération d'Agen\n");
      expect(text).not.toContain("autres :");
    });
  });
});
