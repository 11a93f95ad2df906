/** The filing engine: pure functions from a posted document to its classification and destination. */
export { classifyDocument } from "./classify.ts";
export { jaccard, nameWords, SIMILAR_NAME_THRESHOLD, similarCorrection } from "./corrections.ts";
export { matchExistingFolder } from "./folder-match.ts";
export { DOCUMENT_TYPE_LABELS } from "./labels.ts";
export { checkFileName, type FileNameCheck, MAX_NAME_BYTES, safeSegment, withSuffix } from "./names.ts";
export { formatRulesIssue, parseFilingRules, type RulesIssue, type RulesParseResult } from "./parse-rules.ts";
export { chooseDestination, type DestinationInput } from "./rules.ts";
export type { FilingRule, FilingRules, RuleCondition } from "./rules-schema.ts";
export { shortenTitle } from "./title.ts";
export * from "./types.ts";
