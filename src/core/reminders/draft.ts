import type { TerritoryKnowledge } from "../../domain/knowledge.ts";
import type { Action, Milestone } from "../../domain/model.ts";
import type { PlanWindow } from "../../domain/reminders/local-time.ts";
import type { ReminderKind, ReminderPolicy } from "../../domain/reminders/types.ts";
import type { Reply } from "../reply.ts";

/** One reminder before it is addressed: the planner turns it into one occurrence per channel. */
export interface Draft {
  kind: ReminderKind;
  ref: string;
  /** `J-7`, `debut`, `fin-M1`, a notice date… — the key's third part. */
  step: string;
  at: Date;
  text: string;
  reply: Reply;
  subjectAt: Date | null;
  /** The action a milestone or overdue reminder is about: its pilot may receive it too. */
  actionNumber: string | null;
}

/** A milestone the reminders can use: readable dates and a precision. */
export interface DatedMilestone extends Milestone {
  start: string;
  end: string;
  precision: NonNullable<Milestone["precision"]>;
}

export function isDated(m: Milestone): m is DatedMilestone {
  return m.confidence > 0 && m.start !== null && m.end !== null && m.precision !== null;
}

/** Nothing to remind once the milestone is done or its action is finished or given up. */
export function isOpen(action: Action, m: Milestone): boolean {
  return !m.done && action.status !== "realisee" && action.status !== "abandonnee";
}

/** The milestone id of the questions contract: `<action number>@<start>`. */
export const milestoneId = (action: Action, m: DatedMilestone): string => `${action.number}@${m.start}`;

/** The open, dated milestones of a territory with their effective end ("reporter au" wins). */
export interface OpenMilestone {
  action: Action;
  milestone: DatedMilestone;
  ref: string;
  end: string;
  postponed: boolean;
}

export function openMilestones(actions: Action[], postponed: Map<string, string>): OpenMilestone[] {
  const out: OpenMilestone[] = [];
  for (const action of actions) {
    for (const milestone of action.milestones) {
      if (!isDated(milestone) || !isOpen(action, milestone)) continue;
      const ref = milestoneId(action, milestone);
      const moved = postponed.get(ref);
      const isMoved = moved !== undefined && moved !== milestone.end;
      out.push({ action, milestone, ref, end: isMoved ? moved : milestone.end, postponed: isMoved });
    }
  }
  return out;
}

/** What every part of the planner reads. */
export interface PlanContext {
  knowledge: TerritoryKnowledge;
  policy: ReminderPolicy;
  window: PlanWindow;
  zone: string;
  postponed: Map<string, string>;
}
