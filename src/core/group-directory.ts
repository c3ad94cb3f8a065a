/**
 * A port for user groups named by handle. Slack sends `/lithium mention @lithium-desk` as plain text (the manifest's
 * `should_escape: false` keeps URLs and names as typed), so the group's id has to be looked up; the Slack adapter
 * implements this with usergroups.list. The core only sees handles and ids.
 */

/** A user group as the platform lists it. */
export interface DirectoryGroup {
  /** Slack: S… */
  id: string;
  /** Without the "@". */
  handle: string;
  name?: string | undefined;
}

export interface GroupDirectory {
  /**
   * The group with this handle (no "@", compared case-insensitively), or undefined when the workspace has none.
   * Throws a UserError when the lookup is not possible (a scope the app lacks): its message reaches the user.
   */
  byHandle(handle: string): Promise<DirectoryGroup | undefined>;
}
