/** The Slack adapter and app against the one chat-adapter contract suite every platform passes. */
import { describeChatAdapterContract } from '../contract/chat-adapter.contract.js';
import { makeSlackHarness } from './harness.js';

describeChatAdapterContract('slack', makeSlackHarness);
