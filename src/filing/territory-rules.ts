import { access } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { FilingRules } from "../domain/filing/index.ts";
import type { Territory } from "../domain/model.ts";
import { DEFAULT_RULES_FILE, loadFilingRules } from "./rules-file.ts";

const RULES_DIR = fileURLToPath(new URL("../../prisma/filing/", import.meta.url));

/**
 * A territory's filing rules: `prisma/filing/<slug>.yaml` when the team wrote one, else the
 * default tree. Read once per territory per process; a broken file fails loudly (FilingRulesError)
 * and is read again at the next document, so that a corrected file is taken without a restart.
 */
export function rulesLoader(dir: string = RULES_DIR): (territory: Territory) => Promise<FilingRules> {
  const cache = new Map<string, Promise<FilingRules>>();
  return (territory) => {
    let rules = cache.get(territory.slug);
    if (rules === undefined) {
      const own = `${dir}${territory.slug}.yaml`;
      const slug = territory.slug;
      rules = access(own).then(
        () => loadFilingRules(own),
        () => loadFilingRules(DEFAULT_RULES_FILE),
      );
      // A failure is not remembered: the next document reads the file again.
      rules.catch(() => {
        if (cache.get(slug) === rules) cache.delete(slug);
      });
      cache.set(slug, rules);
    }
    return rules;
  };
}
