/**
 * Discord's public surface for the app wiring:
 * - outbound (poll --once and start): createDiscordAdapter — REST only, one request per send;
 * - inbound, gateway mode (start; DISCORD_GATEWAY on, or auto without a public key): startDiscordGateway, which
 *   probes the gateway first and fails with a GatewayError naming the URL, the cause and the fix;
 * - inbound, HTTP interactions (DISCORD_PUBLIC_KEY): createInteractionsHandler, mounted on the one server;
 * - register-commands: registerCommands and inviteUrl.
 */
export { createDiscordAdapter, createDiscordRest, deliveryNonce, mapDiscordError, type DiscordAdapterOptions } from './rest-adapter.js';
export { startDiscordGateway, type DiscordGateway, type DiscordGatewayOptions, type GatewayState } from './gateway.js';
export { GatewayError, probeGateway } from './gateway-probe.js';
export {
  createInteractionsHandler,
  startDiscordInteractionsServer,
  type InteractionsHandlerOptions,
  type InteractionsServerOptions,
} from './interactions-http.js';
export { BOT_PERMISSIONS, COMMANDS, inviteUrl, registerCommands, type RegisterOptions } from './commands.js';
export { alertMessage, replyMessage } from './format.js';
