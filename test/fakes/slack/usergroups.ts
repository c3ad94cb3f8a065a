/**
 * usergroups.list on the fake: the workspace's user groups in Slack's shape (`{ ok: true, usergroups: [{ id,
 * team_id, is_usergroup, name, description, handle, date_delete, user_count, … }] }`), disabled ones only with
 * include_disabled, and missing_scope without usergroups:read, as Slack answers.
 */

export interface FakeUsergroup {
  id: string;
  handle: string;
  name: string;
  description?: string;
  /** Seconds since the epoch when the group was disabled; 0 while enabled. */
  dateDelete?: number;
  users?: string[];
}

/** A group as Slack writes it on the wire. */
function wireGroup(g: FakeUsergroup, teamId: string, withUsers: boolean): Record<string, unknown> {
  const users = g.users ?? [];
  return {
    id: g.id,
    team_id: teamId,
    is_usergroup: true,
    is_subteam: true,
    name: g.name,
    description: g.description ?? '',
    handle: g.handle,
    is_external: false,
    date_create: 1_700_000_000,
    date_update: 1_700_000_000,
    date_delete: g.dateDelete ?? 0,
    auto_type: null,
    created_by: 'U0ADMIN',
    updated_by: 'U0ADMIN',
    deleted_by: g.dateDelete ? 'U0ADMIN' : null,
    prefs: { channels: [], groups: [] },
    user_count: users.length,
    ...(withUsers ? { users } : {}),
  };
}

export function usergroupsList(groups: readonly FakeUsergroup[], body: Record<string, unknown>, scopes: ReadonlySet<string>, teamId: string): Record<string, unknown> {
  if (!scopes.has('usergroups:read')) return { ok: false, error: 'missing_scope', needed: 'usergroups:read', provided: [...scopes].join(',') };
  const disabled = body.include_disabled === true;
  const shown = groups.filter((g) => disabled || !g.dateDelete);
  return { ok: true, usergroups: shown.map((g) => wireGroup(g, teamId, body.include_users === true)) };
}
