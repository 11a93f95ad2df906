import { describe, expect, it } from "vitest";
import { formatOccurrenceForPreview, planReminders } from "../../../src/core/reminders/plan-reminders.ts";
import { type ChannelRef, DEFAULT_POLICY } from "../../../src/domain/reminders/types.ts";
import { action, event, knowledge, milestone, subscription, utc, ZONE } from "./fixtures.ts";

const k = knowledge({
  actions: [
    action({ milestones: [milestone({ start: "2026-03-30", end: "2026-03-30" })] }),
    action({
      number: "12",
      title: "Relais petite enfance",
      milestones: [milestone({ start: "2026-03-30", end: "2026-03-30" })],
    }),
  ],
  events: [event({ start: utc("2026-04-01T12:00:00Z") })],
});
const MARCH_30 = { from: utc("2026-03-30T00:00:00Z"), to: utc("2026-03-31T00:00:00Z") };
const pilotChannels = new Map<string, ChannelRef>([["11", { platform: "slack", channelId: "D11" }]]);

const keys = (...subscriptions: ReturnType<typeof subscription>[]) =>
  planReminders({ knowledge: k, subscriptions, policy: DEFAULT_POLICY, pilotChannels, ...MARCH_30 }).map(
    (o) => o.key,
  );

describe("abonnements et destinataires", () => {
  it("chaque canal ne reçoit que les types de rappels auxquels il est abonné", () => {
    expect(
      keys(
        subscription({ kinds: ["milestone"] }),
        subscription({ platform: "matrix", channelId: "!ctg:example.org", kinds: ["event"] }),
      ),
    ).toEqual([
      "event:2026-04-01:J-2:matrix:!ctg:example.org",
      "milestone:11@2026-03-30:J0:slack:C1",
      "milestone:12@2026-03-30:J0:slack:C1",
    ]);
  });

  it("envoie aussi au pilote, en message direct, les rappels de son action", () => {
    expect(keys(subscription({ kinds: ["milestone", "event"], pilots: true }))).toEqual([
      "event:2026-04-01:J-2:slack:C1",
      "milestone:11@2026-03-30:J0:slack:C1",
      "milestone:11@2026-03-30:J0:slack:D11",
      "milestone:12@2026-03-30:J0:slack:C1",
    ]);
  });

  it("n'écrit pas au pilote sans abonnement « pilotes », ni pour un type non demandé", () => {
    expect(keys(subscription({ kinds: ["milestone"] }))).not.toContain(
      "milestone:11@2026-03-30:J0:slack:D11",
    );
    expect(keys(subscription({ kinds: ["event"], pilots: true }))).toEqual(["event:2026-04-01:J-2:slack:C1"]);
  });

  it("un seul message au pilote même avec deux abonnements « pilotes »", () => {
    const two = keys(
      subscription({ kinds: ["milestone"], pilots: true }),
      subscription({ channelId: "C2", kinds: ["milestone"], pilots: true }),
    );
    expect(two.filter((key) => key.endsWith(":slack:D11"))).toEqual(["milestone:11@2026-03-30:J0:slack:D11"]);
  });

  it("sans abonnement, aucun rappel", () => {
    expect(keys()).toEqual([]);
  });
});

describe("fenêtre [from, to)", () => {
  const at = utc("2026-03-30T07:00:00.000Z");
  const plan = (from: Date, to: Date) =>
    planReminders({
      knowledge: k,
      subscriptions: [subscription({ kinds: ["milestone"] })],
      policy: DEFAULT_POLICY,
      from,
      to,
    });

  it("inclut un rappel prévu à l'instant `from` et exclut celui prévu à l'instant `to`", () => {
    expect(plan(at, utc("2026-03-30T07:00:00.001Z"))).toHaveLength(2);
    expect(plan(utc("2026-03-30T00:00:00Z"), at)).toEqual([]);
    expect(plan(at, at)).toEqual([]);
  });

  it("trie par heure puis par clé, et donne les mêmes clés à chaque calcul", () => {
    const first = plan(utc("2026-01-01T00:00:00Z"), utc("2026-04-01T00:00:00Z"));
    const again = plan(utc("2026-01-01T00:00:00Z"), utc("2026-04-01T00:00:00Z"));
    expect(first.map((o) => o.key)).toEqual(again.map((o) => o.key));
    expect(first.map((o) => `${o.at.toISOString()} ${o.key}`)).toEqual([
      "2026-02-28T08:00:00.000Z milestone:11@2026-03-30:J-30:slack:C1",
      "2026-02-28T08:00:00.000Z milestone:12@2026-03-30:J-30:slack:C1",
      "2026-03-23T08:00:00.000Z milestone:11@2026-03-30:J-7:slack:C1",
      "2026-03-23T08:00:00.000Z milestone:12@2026-03-30:J-7:slack:C1",
      "2026-03-30T07:00:00.000Z milestone:11@2026-03-30:J0:slack:C1",
      "2026-03-30T07:00:00.000Z milestone:12@2026-03-30:J0:slack:C1",
    ]);
  });
});

describe("aperçu JSON (ctg-bot rappels --dry-run --json)", () => {
  it("donne l'heure avec le décalage du territoire et le canal en « plateforme:identifiant »", () => {
    const [first] = planReminders({
      knowledge: k,
      subscriptions: [subscription({ kinds: ["milestone"] })],
      policy: DEFAULT_POLICY,
      ...MARCH_30,
    });
    if (first === undefined) throw new Error("no occurrence");
    expect(formatOccurrenceForPreview(first, ZONE)).toEqual({
      key: "milestone:11@2026-03-30:J0:slack:C1",
      at: "2026-03-30T09:00:00.000+02:00",
      channel: "slack:C1",
      kind: "milestone",
      ref: "11@2026-03-30",
      text: "Échéance aujourd'hui, le lundi 30 mars 2026 : lancement des groupes de travail — action 11 « Développer l'accueil des jeunes enfants ». Source : Agglomération d'Agen, fiche action 11.",
    });
  });
});
