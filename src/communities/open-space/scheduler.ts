/**
 * The one-click schedule of an open space: topics into rooms and time slots, most voted first, so
 * that no host (a proposer or co-host) ever has two topics at the same time and no room two topics.
 *
 * Greedy in order of votes (ties: the earlier proposal first): each topic takes the earliest slot in
 * which a room is free and none of its hosts is busy, and there the first free room (rooms in the
 * facilitator's order, largest first, so the most voted get the largest rooms). A topic that fits
 * nowhere stays unscheduled. Topics the facilitator placed by hand (`fixed`) keep their place.
 */

export interface TopicToPlace {
  id: string;
  votes: number;
  hosts: readonly string[];
  /** Earlier proposals first among equal votes. */
  order: number;
  /** Placed by hand: kept where it is. */
  fixed?: { room: string; slot: string } | null;
}

export interface Placement {
  room: string;
  slot: string;
}

export interface Schedule {
  placed: Map<string, Placement>;
  unplaced: string[];
}

export function proposeSchedule(topics: readonly TopicToPlace[], rooms: readonly string[], slots: readonly string[]): Schedule {
  const placed = new Map<string, Placement>();
  const roomUsed = new Set<string>();
  const hostBusy = new Set<string>();
  const key = (a: string, b: string) => `${a}\u0000${b}`;
  const take = (topic: TopicToPlace, room: string, slot: string) => {
    placed.set(topic.id, { room, slot });
    roomUsed.add(key(room, slot));
    for (const host of topic.hosts) hostBusy.add(key(host, slot));
  };
  const fits = (topic: TopicToPlace, room: string, slot: string) =>
    !roomUsed.has(key(room, slot)) && topic.hosts.every((h) => !hostBusy.has(key(h, slot)));
  // Hand-placed topics first, where they still fit (rooms and slots that still exist, no clash).
  for (const topic of topics)
    if (
      topic.fixed &&
      rooms.includes(topic.fixed.room) &&
      slots.includes(topic.fixed.slot) &&
      fits(topic, topic.fixed.room, topic.fixed.slot)
    )
      take(topic, topic.fixed.room, topic.fixed.slot);
  const order = [...topics].filter((t) => !placed.has(t.id)).sort((a, b) => b.votes - a.votes || a.order - b.order);
  const unplaced: string[] = [];
  for (const topic of order) {
    let done = false;
    for (const slot of slots) {
      if (!topic.hosts.every((h) => !hostBusy.has(key(h, slot)))) continue;
      const room = rooms.find((r) => !roomUsed.has(key(r, slot)));
      if (room) {
        take(topic, room, slot);
        done = true;
        break;
      }
    }
    if (!done) unplaced.push(topic.id);
  }
  return { placed, unplaced };
}

/** The clashes of a schedule: a room or a host twice in one slot (empty for a good schedule). */
export function clashes(topics: readonly TopicToPlace[], placed: ReadonlyMap<string, Placement>): string[] {
  const seen = new Map<string, string>();
  const out: string[] = [];
  for (const topic of topics) {
    const at = placed.get(topic.id);
    if (!at) continue;
    for (const k of [`room:${at.room}@${at.slot}`, ...topic.hosts.map((h) => `host:${h}@${at.slot}`)]) {
      const other = seen.get(k);
      if (other && other !== topic.id) out.push(`${k}: ${other} and ${topic.id}`);
      seen.set(k, topic.id);
    }
  }
  return out;
}
