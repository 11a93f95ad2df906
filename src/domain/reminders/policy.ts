import { z } from "zod";
import { DEFAULT_POLICY, type ReminderPolicy } from "./types.ts";

const days = z.array(z.number().int().min(0).max(400)).max(10);
const hour = z.number().int().min(0).max(23);

/** The plan file's `rappels` section and the stored policy: French keys, every field optional. */
export const policyFileSchema = z.strictObject({
  heure: hour.optional(),
  minute: z.number().int().min(0).max(59).optional(),
  echeances_jours_avant: days.optional(),
  periode_debut: z.boolean().optional(),
  periode_mois_avant_fin: z.number().int().min(0).max(12).optional(),
  retard_tous_les_jours: z.number().int().min(0).max(90).optional(),
  evenements_jours_avant: days.optional(),
  evenements_heure_du_jour: hour.optional(),
  convention_fin_jours_avant: days.optional(),
  convention_preavis_jours_avant: days.optional(),
  referents_mise_a_jour: z
    .union([
      z.literal(false),
      z.strictObject({ mois: z.number().int().min(1).max(12), jour: z.number().int().min(1).max(31) }),
    ])
    .optional(),
  evaluation_jours_avant_copil: z.number().int().min(0).max(120).optional(),
  digest: z
    .union([z.literal(false), z.strictObject({ jour_semaine: z.number().int().min(1).max(7), heure: hour })])
    .optional(),
});
export type PolicyFile = z.infer<typeof policyFileSchema>;

/** Defaults overridden by what the file or the coordinator set. An unreadable value keeps the default. */
export function readPolicy(stored: unknown): ReminderPolicy {
  const parsed = policyFileSchema.safeParse(stored ?? {});
  if (!parsed.success) return DEFAULT_POLICY;
  const p = parsed.data;
  return {
    hour: p.heure ?? DEFAULT_POLICY.hour,
    minute: p.minute ?? DEFAULT_POLICY.minute,
    milestoneDays: p.echeances_jours_avant ?? DEFAULT_POLICY.milestoneDays,
    periodStart: p.periode_debut ?? DEFAULT_POLICY.periodStart,
    periodMonthsBeforeEnd: p.periode_mois_avant_fin ?? DEFAULT_POLICY.periodMonthsBeforeEnd,
    overdueEveryDays: p.retard_tous_les_jours ?? DEFAULT_POLICY.overdueEveryDays,
    eventDays: p.evenements_jours_avant ?? DEFAULT_POLICY.eventDays,
    eventMorningHour: p.evenements_heure_du_jour ?? DEFAULT_POLICY.eventMorningHour,
    conventionEndDays: p.convention_fin_jours_avant ?? DEFAULT_POLICY.conventionEndDays,
    conventionNoticeDays: p.convention_preavis_jours_avant ?? DEFAULT_POLICY.conventionNoticeDays,
    referentsUpdate:
      p.referents_mise_a_jour === false
        ? null
        : p.referents_mise_a_jour
          ? { month: p.referents_mise_a_jour.mois, day: p.referents_mise_a_jour.jour }
          : DEFAULT_POLICY.referentsUpdate,
    evaluationBeforeCopilDays: p.evaluation_jours_avant_copil ?? DEFAULT_POLICY.evaluationBeforeCopilDays,
    digest:
      p.digest === false
        ? null
        : p.digest
          ? { weekday: p.digest.jour_semaine, hour: p.digest.heure }
          : DEFAULT_POLICY.digest,
  };
}
