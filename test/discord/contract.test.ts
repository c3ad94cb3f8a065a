/** The shared chat adapter contract, run against the real discord.js client and REST adapter on the fake Discord. */
import { describeChatAdapterContract } from '../contract/chat-adapter.contract.js';
import { makeDiscordHarness } from './harness.js';

describeChatAdapterContract('discord', makeDiscordHarness);
