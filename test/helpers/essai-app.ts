import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { type App, createApp } from "../../src/app.ts";
import { renderText } from "../../src/chat/render-text.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { DispatchResult } from "../../src/core/dispatch.ts";
import { parsePlan } from "../../src/domain/plan/load-plan.ts";
import type { PlanFile } from "../../src/domain/plan/plan-schema.ts";
import { importPlan } from "../../src/store/plan-import.ts";
import type { Workspace } from "../../src/workspace/workspace.ts";
import type { TestDatabase } from "./databases.ts";

/**
 * A small territory with two people on Slack: Alice Martin, coordinator and pilot of action 1
 * (named in the action's free text too), and Bob Martin, référent. Two day-precise milestones.
 */
export const ESSAI_PLAN = `territoire:
  slug: essai
  nom: Territoire d'essai
personnes:
  - cle: alice-martin
    nom: Alice Martin
    organisation: CAF
    email: alice.martin@caf.example.fr
    roles:
      - role: coordinateur
      - role: pilote
        action: "1"
    identites:
      slack: U0ALICE
  - cle: bob-martin
    nom: Bob Martin
    roles:
      - role: referent_technique
    identites:
      slack: U0BOB
axes:
  - numero: "1"
    titre: Jeunesse
actions:
  - numero: "1"
    axe: "1"
    titre: Rendre le diagnostic jeunesse
    pilote: Alice Martin (CAF)
    partenaires: [Centre social]
    jalons:
      - libelle: Rendu du diagnostic
        debut: 2027-03-13
        fin: 2027-03-13
        precision: day
      - libelle: Restitution
        debut: 2027-03-15
        fin: 2027-03-15
        precision: day
`;

export function essaiPlan(): PlanFile {
  const parsed = parsePlan(ESSAI_PLAN, "essai.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.plan;
}

export function attachment(name: string, content: string) {
  return {
    name,
    size: Buffer.byteLength(content),
    mimeType: null,
    open: () => Readable.from([Buffer.from(content)]),
  };
}

export interface EssaiChat {
  app: App;
  /** The local workspace folder. */
  workspaceDir: string;
  /** `/ctg <text>` from a Slack user in channel C1, optionally with files (filed with the text). */
  say(
    userId: string,
    text: string,
    files?: ReturnType<typeof attachment>[],
  ): Promise<{ result: DispatchResult; text: string }>;
  close(): Promise<void>;
}

/** The real app (no demo territories) with the essai plan imported by the operator, a local workspace. */
export async function startEssaiApp(
  db: TestDatabase,
  clock: () => Date,
  options: { workspace?: Workspace } = {},
): Promise<EssaiChat> {
  const dir = await mkdtemp(path.join(tmpdir(), "ctg-essai-"));
  const workspaceDir = path.join(dir, "espace");
  const app = await createApp(
    loadConfig({
      DATA_DIR: db.url ? path.join(dir, "data") : db.dataDir,
      ...(db.url ? { DATABASE_URL: db.url } : {}),
      WORKSPACE_DIR: workspaceDir,
      SEED_DEMO: "false",
    }),
    { clock, ...(options.workspace ? { workspace: options.workspace } : {}) },
  );
  await importPlan(app.db.prisma, essaiPlan(), "2027-01-01", { actor: "cli", at: clock() });
  return {
    app,
    workspaceDir,
    async say(userId, text, files) {
      const result = await app.dispatch({
        kind: files ? "question" : "command",
        text,
        platform: "slack",
        channelId: "C1",
        userId,
        receivedAt: clock(),
        ...(files ? { files } : {}),
      });
      return { result, text: "reply" in result ? renderText(result.reply, "/ctg").text : "" };
    },
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
