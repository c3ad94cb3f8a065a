/**
 * What an edited story alert adds to the first report: the other outlets with their links, and the figures the
 * story has gathered. Plain data: each adapter turns it into "also reported by …" in its own markup.
 */
import type { Story } from '../stories.js';
import type { Figure } from '../types.js';

export interface OtherReport {
  source: string;
  title: string;
  url?: string | undefined;
  at: string;
}

export interface StoryUpdateView {
  storyId: string;
  /** Reports after the first, in arrival order; one per outlet (an outlet's later copies add nothing). */
  alsoReportedBy: OtherReport[];
  /** Every figure the story holds, first report's first. */
  figures: Figure[];
  relatedTo?: string | undefined;
}

export function storyUpdateView(story: Story): StoryUpdateView {
  const seen = new Set<string>();
  const first = story.members[0];
  if (first) seen.add((first.source ?? first.feedId).toLowerCase());
  const alsoReportedBy: OtherReport[] = [];
  for (const m of story.members.slice(1)) {
    const source = m.source ?? m.feedId;
    if (seen.has(source.toLowerCase())) continue;
    seen.add(source.toLowerCase());
    alsoReportedBy.push({ source, title: m.title, url: m.link, at: m.at });
  }
  return { storyId: story.id, alsoReportedBy, figures: story.figures, relatedTo: story.relatedTo };
}
