import { context, list, reply } from "../../chat/reply.ts";
import type { Equipment } from "../../domain/knowledge.ts";
import { EVENT_KIND_LABELS } from "../../domain/model.ts";
import { normalizeKey } from "../../domain/text/normalize.ts";
import { eventsAnswer, pickEvents } from "./answer-when.ts";
import { dontKnow } from "./dont-know.ts";
import { findCommune, withoutTerritoryName } from "./find-commune.ts";
import type { QaInput } from "./qa-input.ts";
import { equipmentRef } from "./refs.ts";
import type { Answer } from "./types.ts";

/** Equipment types the question names, by type word or by acronym/expansion ("relais petite enfance"). */
export function askedTypes(input: QaInput, equipment: readonly Equipment[]): string[] {
  const types = [...new Set(equipment.map((e) => e.type))];
  const acronyms = new Set(input.index.synonyms.acronymsIn(input.q.raw).map((a) => a.toLowerCase()));
  return types.filter((type) => {
    const key = normalizeKey(type);
    return acronyms.has(key.replace(/-/g, " ")) || input.q.text.includes(` ${key.replace(/-/g, " ")} `);
  });
}

export function equipmentAnswer(input: QaInput, found: Equipment[], intent: "where" | "how_many"): Answer {
  const k = input.index.knowledge;
  return {
    intent,
    refs: found.slice(0, 10).map(equipmentRef),
    reply: reply(
      list(
        found
          .slice(0, 10)
          .map((e) => `${e.type} — ${e.name}${e.address ? ` — ${e.address}` : ""} (${e.commune})`),
      ),
      ...(found.length > 10
        ? [context(`… et ${found.length - 10} autres : ${input.prefix} equipements.`)]
        : []),
      context(`Source : ${k.territory.name}, liste des équipements de la convention.`),
    ),
  };
}

export function answerWhere(input: QaInput): Answer {
  const k = input.index.knowledge;
  if (input.q.eventKinds.length) {
    const events = pickEvents(
      input,
      k.events.filter((e) => input.q.eventKinds.includes(e.kind)),
    );
    if (events.length) return eventsAnswer(input, events, "where");
    const label = EVENT_KIND_LABELS[input.q.eventKinds[0] ?? "autre"];
    return dontKnow(
      input,
      "where",
      `Aucun évènement « ${label} » n'est enregistré pour ${k.territory.name}.`,
    );
  }
  const commune = findCommune(withoutTerritoryName(input), k.communes);
  const types = askedTypes(input, k.equipment);
  const filtered = k.equipment.filter(
    (e) => (commune === null || e.commune === commune.name) && (types.length === 0 || types.includes(e.type)),
  );
  const unfiltered = commune === null && types.length === 0;
  // Among what the commune and type allow, the structure the question names comes first.
  const named = input.index.equipment
    .search(input.topic, { minScore: 0.5, limit: 10 })
    .map((h) => h.item)
    .filter((e) => unfiltered || filtered.includes(e));
  // A commune in a structure's name ("RPE du canton d'Astaffort", in Layrac) is not where it is.
  const byName = input.index.equipment
    .search(input.topic, { minScore: 0.7, limit: 3 })
    .map((h) => h.item)
    .filter((e) => commune !== null && normalizeKey(e.name).includes(normalizeKey(commune.name)));
  const strong = input.index.equipment.search(input.topic, { minScore: 0.85, limit: 1 }).map((h) => h.item);
  const found = unfiltered
    ? named
    : filtered.length
      ? [...new Set([...strong, ...named, ...filtered])]
      : [...new Set([...byName, ...strong])];
  if (found.length) return equipmentAnswer(input, found, "where");
  if (commune !== null || types.length) {
    return dontKnow(
      input,
      "where",
      `Aucun équipement${types.length ? ` ${types.join(", ")}` : ""} n'est recensé${commune ? ` à ${commune.name}` : ""} dans le plan de ${k.territory.name}.`,
    );
  }
  const event = input.index.events.search(input.topic, { limit: 1, minScore: 0.5 })[0];
  if (event) return eventsAnswer(input, [event.item], "where");
  return dontKnow(
    input,
    "where",
    `Je n'ai pas trouvé de lieu pour cela dans le plan de ${k.territory.name}.`,
  );
}
