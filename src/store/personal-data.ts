import type { Person } from "../domain/knowledge.ts";
import { normalizeText } from "../domain/text/normalize.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import { toPerson } from "./prisma-plan-repository.ts";

/** A chat account: the platform and the user's id there ("slack", "U0123"). */
export interface ChatAccount {
  platform: string;
  externalId: string;
}

/** One person row of the plan (a person may be in several territories' plans). */
export interface PersonRecord extends Person {
  id: string;
  territoryId: string;
  territory: string;
  identities: ChatAccount[];
}

/** Whose data a request is about: their rows in the plans and every chat account known for them. */
export interface Subject {
  persons: PersonRecord[];
  accounts: ChatAccount[];
}

export type FindOutcome =
  | { status: "found"; subject: Subject }
  | { status: "ambiguous"; candidates: PersonRecord[] }
  | { status: "unknown" }
  | { status: "unknown-territory" };

const PLATFORMS = ["slack", "matrix", "console"];

/** "slack:U0123" → {slack, U0123}; "@alice:example.org" → a Matrix account; otherwise null. */
export function parseChatId(text: string): ChatAccount | null {
  const colon = text.indexOf(":");
  if (colon > 0 && PLATFORMS.includes(text.slice(0, colon).toLowerCase()) && colon < text.length - 1)
    return { platform: text.slice(0, colon).toLowerCase(), externalId: text.slice(colon + 1) };
  if (/^@[^:\s]+:\S+$/.test(text)) return { platform: "matrix", externalId: text };
  return null;
}

/** The actor strings of an account ("slack:U0123"), as in `filed_by` and the audit log. */
export const actorIdOf = (a: ChatAccount): string => `${a.platform}:${a.externalId}`;

/** `<territory>/<person key>`: how the audit log names a person (a personal-data request). */
export const personRefOf = (p: Pick<PersonRecord, "territory" | "key">): string => `${p.territory}/${p.key}`;

const personInclude = {
  territory: { select: { slug: true } },
  roles: { include: { commune: { select: { name: true } }, action: { select: { number: true } } } },
  identities: { orderBy: { position: "asc" } },
} as const;

async function loadPersons(
  prisma: PrismaClient,
  where: NonNullable<Parameters<PrismaClient["person"]["findMany"]>[0]>["where"],
): Promise<PersonRecord[]> {
  const rows = await prisma.person.findMany({
    where: where ?? {},
    include: personInclude,
    orderBy: [{ territory: { slug: "asc" } }, { position: "asc" }],
  });
  return rows.map((p) => ({
    id: p.id,
    territoryId: p.territoryId,
    territory: p.territory.slug,
    ...toPerson(p),
    identities: p.identities.map((i) => ({ platform: i.platform, externalId: i.externalId })),
  }));
}

function accountsOf(persons: PersonRecord[], extra: ChatAccount | null): ChatAccount[] {
  const all = [...persons.flatMap((p) => p.identities), ...(extra ? [extra] : [])];
  return [...new Map(all.map((a) => [actorIdOf(a), a])).values()];
}

/**
 * The person a request names: a person key, an e-mail, a chat id ("U0123", "slack:U0123",
 * "@alice:example.org") or a name (accents and case ignored). Exact identifiers win over names; a
 * key or e-mail found in several territories is the same person; names that differ are ambiguous.
 * A chat id nobody in the plans holds is still a subject (its data may be in the log and records).
 */
export async function findSubject(
  prisma: PrismaClient,
  query: string,
  options: { territory?: string } = {},
): Promise<FindOutcome> {
  const text = query.trim();
  if (text === "") return { status: "unknown" };
  let territoryId: string | undefined;
  if (options.territory !== undefined) {
    const t = await prisma.territory.findUnique({ where: { slug: options.territory }, select: { id: true } });
    if (t === null) return { status: "unknown-territory" };
    territoryId = t.id;
  }
  const scope = territoryId === undefined ? {} : { territoryId };
  const chat = parseChatId(text);
  const isEmail = chat === null && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(text);
  const exact = await loadPersons(prisma, {
    ...scope,
    OR: [
      { key: text },
      ...(isEmail ? [{ email: { equals: text, mode: "insensitive" as const } }] : []),
      chat
        ? { identities: { some: { platform: chat.platform, externalId: chat.externalId } } }
        : { identities: { some: { externalId: text } } },
    ],
  });
  if (exact.length > 0)
    return { status: "found", subject: { persons: exact, accounts: accountsOf(exact, chat) } };
  if (chat !== null) return { status: "found", subject: { persons: [], accounts: [chat] } };
  const wanted = normalizeText(text);
  if (wanted === "") return { status: "unknown" };
  const everyone = await loadPersons(prisma, scope);
  const sameName = everyone.filter((p) => normalizeText(p.name) === wanted);
  const words = wanted.split(" ");
  const matches =
    sameName.length > 0
      ? sameName
      : everyone.filter((p) => {
          const name = normalizeText(p.name).split(" ");
          return words.every((w) => name.includes(w));
        });
  if (matches.length === 0) return { status: "unknown" };
  const names = new Set(matches.map((p) => normalizeText(p.name)));
  if (names.size > 1) return { status: "ambiguous", candidates: matches };
  return { status: "found", subject: { persons: matches, accounts: accountsOf(matches, null) } };
}

/** The filters that find a subject's rows, shared by the export and by `forgetSubject`. */
export function subjectFilters(subject: Subject) {
  const actorIds = subject.accounts.map(actorIdOf);
  const personRefs = subject.persons.map(personRefOf);
  const direct = subject.accounts.map((a) => ({ platform: a.platform, channelId: a.externalId }));
  return {
    actorIds,
    documents: { filedBy: { in: actorIds } },
    corrections: { createdBy: { in: actorIds } },
    /** `subscription.created_by` holds the user id on the channel's platform. */
    subscriptionsCreated: {
      OR: [
        { createdBy: { in: actorIds } },
        ...subject.accounts.map((a) => ({ platform: a.platform, createdBy: a.externalId })),
      ],
    },
    /** Their direct messages: the channel is their user id (pilots' reminders). */
    direct: { OR: direct },
    audit: { OR: [{ actor: { in: actorIds } }, { target: { in: [...actorIds, ...personRefs] } }] },
    /** Slack button clicks are remembered as `action:<channel>:<ts>:<action>:<user>:<command>`. */
    chatEvents: {
      OR: subject.accounts.map((a) => ({ platform: a.platform, key: { contains: `:${a.externalId}:` } })),
    },
    /** The numbered choices last offered in a Matrix room (SDK storage), when they name the user. */
    matrixState: {
      key: { startsWith: "matrix:", contains: ":value:choices:" },
      OR: subject.accounts.flatMap((a) => [
        { key: { contains: a.externalId } },
        { value: { contains: a.externalId } },
      ]),
    },
  };
}

/** Where the plans' free text names a person: they stay (the convention is a public document). */
export interface PlanMention {
  territory: string;
  where: string;
  text: string;
}

const names = (t: string) => ` ${normalizeText(t)} `;

/**
 * The places in the plans' free text (pilote, partenaires, signataires, instances) where one of
 * the subject's names appears. Names of one word are not looked for (too many false hits).
 */
export async function planMentions(prisma: PrismaClient, subject: Subject): Promise<PlanMention[]> {
  const wanted = [...new Set(subject.persons.map((p) => normalizeText(p.name)))].filter((n) =>
    n.includes(" "),
  );
  if (wanted.length === 0) return [];
  const territoryIds = [...new Set(subject.persons.map((p) => p.territoryId))];
  const territories = await prisma.territory.findMany({
    where: { id: { in: territoryIds } },
    select: {
      slug: true,
      signatories: true,
      partners: true,
      actions: { select: { number: true, pilote: true, partenaires: true }, orderBy: { position: "asc" } },
      instances: { select: { name: true, composition: true, secretariat: true, animation: true } },
    },
  });
  const mentions: PlanMention[] = [];
  const look = (territory: string, where: string, text: string | null) => {
    if (text !== null && wanted.some((n) => names(text).includes(` ${n} `)))
      mentions.push({ territory, where, text });
  };
  for (const t of territories) {
    for (const s of t.signatories) look(t.slug, "signataires de la convention", s);
    for (const s of t.partners) look(t.slug, "partenaires de la convention", s);
    for (const a of t.actions) {
      look(t.slug, `fiche action ${a.number} (pilote)`, a.pilote);
      for (const p of a.partenaires) look(t.slug, `fiche action ${a.number} (partenaires)`, p);
    }
    for (const i of t.instances) {
      look(t.slug, `instance ${i.name} (composition)`, i.composition);
      look(t.slug, `instance ${i.name} (secrétariat)`, i.secretariat);
      look(t.slug, `instance ${i.name} (animation)`, i.animation);
    }
  }
  return mentions;
}
