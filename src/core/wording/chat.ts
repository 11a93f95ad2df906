/**
 * What the chat adapters say to people, in French, written once (issue 18: adapters hold no
 * French sentence). Platform names are passed in: « Slack », « le serveur Matrix ».
 */

import { formatSize } from "../../domain/text/french/size.ts";

/** The line under numbered choices, in text (console) and in Matrix (which also takes reactions). */
export const CHOOSE_BY_NUMBER = "Répondez par le numéro de votre choix.";
export const CHOOSE_BY_NUMBER_OR_REACTION =
  "Répondez par le numéro de votre choix, ou réagissez avec ce numéro.";

/** A file handed over by a chat platform that could not be downloaded. */
export const download = {
  status: (server: string, status: number, name: string) =>
    `${server} a répondu ${status} au téléchargement de « ${name} ».`,
  interrupted: (name: string, from: string) =>
    `Le téléchargement de « ${name} » depuis ${from} a été interrompu.`,
  failed: (name: string, from: string) => `Le téléchargement de « ${name} » depuis ${from} a échoué.`,
  loginPage: (name: string) =>
    `Slack a renvoyé sa page de connexion au lieu de « ${name} » : vérifiez la permission files:read du bot.`,
};

/** Why a Matrix file event cannot be taken (after « Je ne peux pas ranger « … » : »). */
export const matrixFileUnavailable = {
  encrypted: "il est chiffré et je ne peux pas le lire",
  noAddress: "il n'a pas d'adresse de téléchargement",
  badMxc: "son adresse n'est pas une adresse mxc:// valide",
  unreadableEvent: "son message est incomplet (pas de nom ni d'adresse lisibles)",
};

/** Why Slack cannot hand a message's file over at all. */
export const slackFileUnavailable = {
  tombstone: "il a été supprimé de Slack",
  hiddenByLimit: "Slack le masque (limite de l'offre gratuite)",
  external: "c'est un lien vers un fichier hébergé ailleurs",
  noUrl: "Slack ne donne pas son adresse",
};

/** Filing from a thread (« ranger » in the thread of a message with files). */
export const threadFiling = {
  noFile: "Le message de départ de ce fil n'a pas de fichier : il n'y a rien à ranger.",
  cannotFile: (name: string | undefined, reason: string) =>
    `Je ne peux pas ranger ${name === undefined ? "ce fichier" : `« ${name} »`} : ${reason}.`,
};

/** Said once in a Matrix room whose messages the bot cannot read. */
export const ENCRYPTED_ROOM = [
  "Ce salon est chiffré de bout en bout : je ne peux pas lire vos messages ni vos fichiers, et je ne fais pas semblant.",
  "Pour travailler avec moi, créez un salon sans chiffrement (le chiffrement d'un salon ne peut pas être retiré), invitez-moi, puis « !ctg territoire <nom> ». Les rappels, eux, sont lisibles ici.",
];

/** The end of an upload's progress message. */
export const progressDone = (label: string) => `${label} : terminé.`;

/** Slack's select of many choices, and a reply cut to Slack's limits. */
export const blockKit = {
  choose: (from: number, to: number) => `Choisir (${from} à ${to})`,
  chooseAll: "Choisir…",
  truncated: "Réponse abrégée : affinez la demande pour voir la suite.",
};

/** The console's own answers. */
export const consoleWords = {
  fileNotFound: (file: string) =>
    `Fichier introuvable : « ${file} ». Exemple : /fichier "./CR COPIL.pdf" CR du COPIL d'hier`,
  notUnderstood: (prefix: string) =>
    `Je n'ai pas compris. Tapez une commande, par exemple « ${prefix} echeances », ou « ${prefix} aide » pour la liste.`,
};

/** A configuration the Slack adapter refuses to start with. */
export const SLACK_NO_SIGNING_SECRET =
  "SLACK_SIGNING_SECRET est vide : le bot Slack refuse de démarrer sans lui.";

/** An upload's progress line: « Envoi de « CR.pdf » : 42 % (430 Mo sur 1 024 Mo) ». */
export const progressLine = (label: string, done: number, total: number) =>
  `${label} : ${total > 0 ? Math.floor((done / total) * 100) : 0} % (${formatSize(done)} sur ${formatSize(total)})`;

/** Said once to someone who sends more messages in a minute than anyone types. */
export const rateLimited =
  "Vous m'envoyez beaucoup de messages d'un coup : je ne lis plus les vôtres pendant une minute. Renvoyez ensuite ceux qui n'ont pas eu de réponse.";

/** Under an internal error's answer: the correlation id to quote. */
export const incidentReference = (cid: string) =>
  `Référence de l'incident : ${cid} (à transmettre à l'administrateur du bot).`;

/** Under a Slack message whose buttons were used: who chose what (`who` is the platform's mention). */
export const choiceMade = (who: string, label: string) => `Choix de ${who} : ${label}`;
