import type { AnyCommand } from "../src/core/command.ts";
import { action } from "./action.ts";
import { actions } from "./actions.ts";
import { agenda } from "./agenda.ts";
import { aide } from "./aide.ts";
import { convention } from "./convention.ts";
import { deplacer } from "./deplacer.ts";
import { docs } from "./docs.ts";
import { echeances } from "./echeances.ts";
import { equipements } from "./equipements.ts";
import { ranger } from "./ranger.ts";
import { rappel } from "./rappel.ts";
import { rappels } from "./rappels.ts";
import { referents } from "./referents.ts";
import { sigle } from "./sigle.ts";
import { territoire } from "./territoire.ts";

/** Every chat command, in the order the help lists them. */
export const allCommands: readonly AnyCommand[] = [
  aide,
  territoire,
  convention,
  actions,
  action,
  echeances,
  agenda,
  referents,
  equipements,
  sigle,
  rappels,
  rappel,
  ranger,
  deplacer,
  docs,
];
