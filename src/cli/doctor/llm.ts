import type { Config } from "../../config/config.ts";
import { LLM_TIMEOUT_MS } from "../../core/qa/llm-reader.ts";
import { parseStructuredQuery } from "../../core/qa/structured-query.ts";
import { ChatCompletionsError, createChatCompletions } from "../../llm/chat-completions.ts";
import { type Check, check, innermostMessage, unreachable } from "./checks.ts";

const NAME = "Modèle de langage";
const TRIAL =
  'Réponds par un seul objet JSON {"kind": "action", "facet": "<champ>", "action": "<numéro>"} qui décrit la question, sans y répondre.';

/**
 * The optional language model (QA_LLM_URL): reachable, key accepted, model served, and a trial
 * question read into a valid query within the time questions give it. Anything short of that is
 * a warning at most: questions are then read without the model.
 */
export async function checkLlm(config: Config, fetchFn: typeof fetch): Promise<Check[]> {
  const url = config.QA_LLM_URL;
  if (!url || !config.QA_LLM_MODEL)
    return [check(NAME, "skipped", "non configuré (QA_LLM_URL vide) : les questions sont lues sans modèle.")];
  const client = createChatCompletions({ url, model: config.QA_LLM_MODEL, key: config.QA_LLM_KEY, fetchFn });
  let models: string[];
  try {
    models = await client.models(AbortSignal.timeout(5_000));
  } catch (error) {
    if (error instanceof ChatCompletionsError && (error.status === 401 || error.status === 403))
      return [check(NAME, "error", `la clé est refusée (HTTP ${error.status}) : vérifiez QA_LLM_KEY.`)];
    if (error instanceof ChatCompletionsError)
      return [
        check(
          NAME,
          "error",
          `${url} ne répond pas comme une API chat-completions (${error.message}) : vérifiez QA_LLM_URL (elle se termine d'ordinaire par /v1).`,
        ),
      ];
    return [check(NAME, "error", unreachable(url, "QA_LLM_URL", error))];
  }
  if (!models.includes(config.QA_LLM_MODEL))
    return [
      check(
        NAME,
        "error",
        `le modèle « ${config.QA_LLM_MODEL} » n'est pas servi par ${url} ; modèles disponibles : ${models.slice(0, 8).join(", ") || "aucun"}. Corrigez QA_LLM_MODEL.`,
      ),
    ];
  const started = performance.now();
  try {
    const content = await client.complete(
      [
        { role: "system", content: TRIAL },
        { role: "user", content: "Qui pilote l'action 1 ?" },
      ],
      AbortSignal.timeout(LLM_TIMEOUT_MS),
    );
    parseStructuredQuery(content);
  } catch (error) {
    const late = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return [
      check(
        NAME,
        "warning",
        late
          ? `« ${config.QA_LLM_MODEL} » répond en plus de ${LLM_TIMEOUT_MS / 1000} s : les questions seront lues sans lui.`
          : `« ${config.QA_LLM_MODEL} » ne rend pas de requête JSON valide (${innermostMessage(error)}) : les questions seront lues sans lui.`,
      ),
    ];
  }
  const ms = Math.round(performance.now() - started);
  return [check(NAME, "ok", `« ${config.QA_LLM_MODEL} » lit les questions (essai en ${ms} ms).`)];
}
