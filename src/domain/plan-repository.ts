import type { Person, TerritoryKnowledge } from "./knowledge.ts";
import type {
  Action,
  ActionSummary,
  Axis,
  CalendarEvent,
  EventKind,
  MilestoneWithAction,
  Territory,
  TerritorySummary,
} from "./model.ts";

/** What the commands read from the plan store. Implemented by `src/store/prisma-plan-repository.ts`. */
export interface PlanRepository {
  listTerritories(): Promise<TerritorySummary[]>;
  /** Changes whenever a territory is added, removed or changed: a list read under the same stamp is current. */
  getTerritoriesStamp(): Promise<string>;
  getTerritory(slug: string): Promise<Territory | null>;
  listAxes(territoryId: string): Promise<Axis[]>;
  listActions(territoryId: string, filter?: { axis?: string }): Promise<ActionSummary[]>;
  getAction(territoryId: string, number: string): Promise<Action | null>;
  /** Milestones whose period overlaps [from, to] (calendar dates, inclusive). */
  listMilestones(territoryId: string, range: { from: string; to: string }): Promise<MilestoneWithAction[]>;
  listEvents(
    territoryId: string,
    filter: { from?: Date; to?: Date; kinds?: EventKind[] },
  ): Promise<CalendarEvent[]>;
  /** The whole territory at once (questions, filtered listings); null when the slug is unknown. */
  getKnowledge(slug: string): Promise<TerritoryKnowledge | null>;
  /** Changes whenever anything in the territory's plan changes; null when the slug is unknown. */
  getKnowledgeVersion(slug: string): Promise<string | null>;
  getChannelTerritory(platform: string, channelId: string): Promise<string | null>;
  /** `by`: who asks (`actorOf(platform, userId)`), for the audit log. */
  bindChannel(platform: string, channelId: string, territorySlug: string, by?: string): Promise<void>;
  /** The person a chat account belongs to (plan files: `identites`), with their territory. */
  findChatUser(platform: string, externalId: string): Promise<ChatUser | null>;
}

export interface ChatUser {
  territorySlug: string;
  person: Person;
}
