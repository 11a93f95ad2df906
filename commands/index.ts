import type { AnyCommand } from "../src/core/command.ts";
import { action } from "./action.ts";
import { actions } from "./actions.ts";
import { agenda } from "./agenda.ts";
import { aide } from "./aide.ts";
import { echeances } from "./echeances.ts";
import { territoire } from "./territoire.ts";

/** Every chat command, in the order the help lists them. */
export const allCommands: readonly AnyCommand[] = [aide, territoire, actions, action, echeances, agenda];
