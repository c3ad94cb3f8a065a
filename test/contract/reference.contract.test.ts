/** The contract suite against the in-memory reference platform: proves the suite itself runs and can pass. */
import { describeChatAdapterContract } from './chat-adapter.contract.js';
import { makeReferenceHarness } from './reference-harness.js';

describeChatAdapterContract('reference', makeReferenceHarness);
