/** The command core's public surface, for adapters: parse what a user typed, handle it, render the Reply. */
export { changesSettings, handleCommand, handleCommandOptions, handleCommandText, refusalReply } from './handlers.js';
export { commandOptionsOf, MAX_COMMAND_CHARS, MAX_SYMBOLS, parseCommandOptions, parseCommandText } from './parse.js';
export { replyText } from './render.js';
export { WATCHLIST_CAP } from './describe.js';
export * from './types.js';
export * from './wording.js';
export { spellAsOptions, spellAsText } from './spell.js';
export { DEFAULT_POLICY, DROP_WATCHLIST, TEXT_HELP, textUsage, type HelpEntry } from './catalogue.js';
