/** How wide the period of a milestone is. "range" covers any span that is not one calendar unit. */
export type Precision = "day" | "month" | "quarter" | "semester" | "schoolYear" | "year" | "range";

/** One dated step read from an échéancier cell. */
export interface ParsedMilestone {
  /** What happens ("lancement des groupes de travail"); the phrase itself if there is no separate label. */
  label: string;
  /** "YYYY-MM-DD", first day of the period; null when unreadable. */
  start: string | null;
  /** "YYYY-MM-DD", last day of the period; null when unreadable. */
  end: string | null;
  /** null when unreadable. */
  precision: Precision | null;
  /** The exact source fragment this milestone comes from (cleaned of HTML). */
  text: string;
  /** 0..1; 0 = unreadable (then start/end/precision are null). Never a guessed date. */
  confidence: number;
}
