/**
 * Discord's public surface for the app wiring:
 * - outbound (poll --once and start): createDiscordAdapter — REST only, one request per send;
 * - inbound, gateway mode (start, default): startDiscordGateway;
 * - inbound, HTTP interactions (behind a load balancer): createInteractionsHandler / startDiscordInteractionsServer;
 * - register-commands: registerCommands and inviteUrl.
 */
export { createDiscordAdapter, createDiscordRest, deliveryNonce, mapDiscordError, type DiscordAdapterOptions } from './rest-adapter.js';
export { startDiscordGateway, type DiscordGateway, type DiscordGatewayOptions } from './gateway.js';
export {
  createInteractionsHandler,
  startDiscordInteractionsServer,
  type InteractionsHandlerOptions,
  type InteractionsServerOptions,
} from './interactions-http.js';
export { BOT_PERMISSIONS, COMMANDS, inviteUrl, registerCommands, type RegisterOptions } from './commands.js';
export { alertMessage, replyMessage } from './format.js';
