/**
 * Writes, for each demo territory, the catalogue of every ref a question-answering fixture may
 * expect (`test/fixtures/questions-*.yaml`), with what each ref stands for. People who write a
 * fixture read it instead of the engine's code: the ids are data (the plan as loaded), not the
 * engine's understanding of questions.
 * Run with `node bench/ref-catalogue.ts OUTDIR`.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "../src/app.ts";
import { loadConfig } from "../src/config/config.ts";
import {
  actionRef,
  equipmentRef,
  eventRef,
  glossaryRef,
  instanceRef,
  milestoneRef,
  personRef,
} from "../src/core/qa/refs.ts";
import type { Ref } from "../src/core/qa/types.ts";
import type { TerritoryKnowledge } from "../src/domain/knowledge.ts";
import { instantToLocal } from "../src/domain/time/zoned.ts";

const out = process.argv[2];
if (!out) {
  process.stderr.write("usage: node bench/ref-catalogue.ts OUTDIR\n");
  process.exit(2);
}

const show = (r: Ref | null) =>
  r === null ? "(no ref: no start date)" : `{ type: ${r.type}, id: "${r.id}" }`;
const line = (s: string | null | undefined) => (s ?? "").replace(/\s+/g, " ").trim();

function catalogue(k: TerritoryKnowledge): string {
  const t = k.territory;
  const zone = t.timezone;
  const parts: string[] = [`# ${t.name} (${t.slug})`, ""];
  parts.push(`## territory\n{ type: territory, id: "${t.slug}" } — the territory itself and its convention:`);
  parts.push(
    `  convention: ${line(t.conventionTitle)}; début ${t.conventionStart ?? "—"}; fin ${t.conventionEnd ?? "—"}; signée le ${t.signedOn ?? "—"}; préavis ${t.noticeMonths ?? "—"} mois`,
  );
  parts.push(`  signataires: ${t.signatories.join(" | ") || "—"}`);
  parts.push(`  partenaires: ${t.partners.join(" | ") || "—"}`);
  parts.push(`  communes (${k.communes.length}): ${k.communes.map((c) => c.name).join(", ") || "—"}`, "");
  parts.push("## axis (axes of the plan and their enjeux)");
  for (const a of k.axes) {
    parts.push(`{ type: axis, id: "${a.number}" } — ${a.title}`);
    for (const e of a.enjeux)
      parts.push(`    enjeu: ${e.title}${e.objectifs.length ? ` — ${e.objectifs.join(" ; ")}` : ""}`);
  }
  parts.push("", "## action (fiches actions) and milestone (jalons read from each échéancier)");
  for (const a of k.actions) {
    parts.push(`${show(actionRef(a))} — ${a.title} [axe ${a.axisNumber ?? "—"}, statut ${a.status}]`);
    const fields: [string, string | null][] = [
      ["pilote", a.pilote],
      ["partenaires", a.partenaires.join(" ; ") || null],
      ["public_cible", a.publicCible],
      ["constat", a.constat],
      ["objectifs", a.objectifs.join(" ; ") || null],
      ["moyens", a.moyens],
      ["indicateurs", a.indicateurs.join(" ; ") || null],
      ["resultats_attendus", a.resultatsAttendus.join(" ; ") || null],
      ["echeancier", a.echeancier],
    ];
    for (const [name, value] of fields) if (value) parts.push(`    ${name}: ${line(value)}`);
    for (const m of a.milestones) {
      parts.push(
        `    ${show(milestoneRef(a, m))} — « ${line(m.label)} » (${m.start ?? "?"} → ${m.end ?? "?"})`,
      );
    }
  }
  parts.push("", "## instance (governance bodies)");
  for (const i of k.instances) {
    parts.push(`${show(instanceRef(i))} — ${i.name} [${i.kind}]`);
    const fields: [string, string | null][] = [
      ["role", i.role],
      ["composition", i.composition],
      ["frequence", i.frequency],
      ["secretariat", i.secretariat],
      ["animation", i.animation],
    ];
    for (const [name, value] of fields) if (value) parts.push(`    ${name}: ${line(value)}`);
  }
  parts.push("", "## event (dated meetings; id = local start date)");
  for (const e of [...k.events].sort((a, b) => a.start.getTime() - b.start.getTime())) {
    const flags = [e.tentative ? "PROVISOIRE" : "", e.example ? "EXEMPLE (demo date)" : ""].filter(Boolean);
    parts.push(
      `${show(eventRef(e, zone))} — ${e.title} [${e.kind}] ${instantToLocal(e.start, zone, e.allDay)}${e.place ? `, ${line(e.place)}` : ""}${flags.length ? ` (${flags.join(", ")})` : ""}`,
    );
  }
  parts.push("", "## equipment (directory of facilities per commune)");
  for (const e of k.equipment) {
    parts.push(
      `${show(equipmentRef(e))} — ${e.type}: ${e.name}, ${e.commune}${e.address ? `, ${line(e.address)}` : ""}`,
    );
  }
  parts.push("", "## person");
  for (const p of k.persons) {
    const roles = p.roles.map((r) =>
      [r.role, r.commune, r.action && `action ${r.action}`, r.detail].filter(Boolean).join(" "),
    );
    parts.push(
      `${show(personRef(p))} — ${p.name}${p.title ? `, ${p.title}` : ""}${p.organisation ? ` (${p.organisation})` : ""}${p.email ? ` <${p.email}>` : ""}; ${roles.join(" | ")}`,
    );
  }
  parts.push("", "## rule (rules and tools of the convention or charter)");
  for (const r of k.rules) parts.push(`{ type: rule, id: "${r.key}" } — ${line(r.text)}`);
  parts.push("", "## glossary (the territory's entries, then the shared glossary)");
  for (const g of k.glossary) parts.push(`${show(glossaryRef(g))} — ${line(g.expansion)} [${g.origin}]`);
  return `${parts.join("\n")}\n`;
}

const dir = await mkdtemp(path.join(tmpdir(), "ctg-refs-"));
try {
  const app = await createApp(loadConfig({ DATA_DIR: path.join(dir, "data") }), { clock: () => new Date() });
  await mkdir(out, { recursive: true });
  for (const t of await app.repo.listTerritories()) {
    const k = await app.repo.getKnowledge(t.slug);
    if (k) await writeFile(path.join(out, `${t.slug}.md`), catalogue(k));
  }
  await app.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
