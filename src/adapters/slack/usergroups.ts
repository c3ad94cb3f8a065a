/**
 * The Slack side of the GroupDirectory port: `@lithium-desk` → its user group id, through usergroups.list (bot
 * scope usergroups:read). Looked up on every `/lithium mention @handle` and not cached: setting a mention is rare,
 * and a group created a minute ago must be found.
 */
import type { webApi } from '@slack/bolt';
import { UserError, WireError } from '../../core/errors.js';
import type { DirectoryGroup, GroupDirectory } from '../../core/group-directory.js';
import { readSlackError } from './errors.js';

export const USERGROUPS_SCOPE = 'usergroups:read';

type UsergroupsClient = Pick<webApi.WebClient, 'usergroups'>;

/** The refusal a user sees when the app was installed without the scope, saying what an admin adds. */
export function missingScopeMessage(handle: string): string {
  return (
    `Cannot look up @${handle}: the Slack app lacks the ${USERGROUPS_SCOPE} scope. A Slack admin adds it under ` +
    `OAuth & Permissions \u2192 Bot Token Scopes (it is in slack/manifest.yaml) and reinstalls the app. Until then, ` +
    'give the group as its ID (S\u2026): People \u2192 User groups, pick the group, \u22ee \u2192 Copy group ID.'
  );
}

/** `client` is a function so the Bolt app's own WebClient (its token, API URL and retries) can be used once built. */
export function slackGroupDirectory(client: () => UsergroupsClient): GroupDirectory {
  return {
    async byHandle(handle: string): Promise<DirectoryGroup | undefined> {
      let groups;
      try {
        groups = (await client().usergroups.list({ include_disabled: false })).usergroups ?? [];
      } catch (e) {
        const a = readSlackError(e);
        if (a.kind === 'platform' && a.error === 'missing_scope') throw new UserError('SLACK_MISSING_SCOPE', missingScopeMessage(handle), { cause: e });
        throw new WireError('SLACK_USERGROUPS', `usergroups.list failed: ${a.kind === 'platform' ? a.error : a.kind}`, { cause: e });
      }
      const want = handle.toLowerCase();
      // Disabled groups cannot be mentioned; include_disabled: false already leaves them out, date_delete makes sure.
      const g = groups.find((u) => u.handle?.toLowerCase() === want && u.id && !u.date_delete);
      return g?.id && g.handle ? { id: g.id, handle: g.handle, ...(g.name ? { name: g.name } : {}) } : undefined;
    },
  };
}
