// The room as the projector and the control page see it: a snapshot plus
// `update` changes (docs/protocol.md), and the figures drawn from it.

import { LiveSocket, statusReporter } from "./live.js";
import { BatchSequencer } from "./sequencer.js";

/** The group of everyone on a card whose roles cannot be shown (participation.ROOM). */
export const ROOM = "room";

/**
 * Role groups (a Map role -> items) as a screen may show them: a role of fewer
 * than `min` people counts with "anders"; when "anders" or those without a role
 * are then fewer than `min`, both count as "anders"; when even that is fewer
 * than `min`, no role is shown at all (one group, ROOM). The client's copy of
 * workshop/participation.py fold_roles (tests/browser/test_js_stats.py holds
 * them to the same answers), for placements that arrive after the snapshot.
 */
export function foldSmallGroups(groups, min = 3) {
  const all = [...groups.values()].flat();
  if (!all.length) return new Map();
  if ((groups.get(ROOM) || []).length) return new Map([[ROOM, all]]);
  const shownAs = new Map();
  for (const [role, items] of groups) shownAs.set(role, role && role !== "anders" && items.length < min ? "anders" : role);
  let others = 0;
  for (const [role, items] of groups) if (shownAs.get(role) === "anders") others += items.length;
  const nobody = (groups.get("") || []).length;
  if ((others > 0 && others < min) || (nobody > 0 && nobody < min)) {
    for (const [role, group] of shownAs) if (group === "anders" || group === "") shownAs.set(role, "anders");
    if (others + nobody < min) return new Map([[ROOM, all]]);
  }
  const folded = new Map();
  for (const [role, items] of groups) {
    if (!items.length) continue;
    const group = shownAs.get(role);
    folded.set(group, [...(folded.get(group) || []), ...items]);
  }
  return folded;
}

export class Room {
  constructor({ onChange, requestSync }) {
    this.onChange = onChange;
    this.requestSync = requestSync;
    this.session = null;
    this.participants = { total: 0, by_role: {} };
    this.knownParticipants = new Map(); // id -> role, for counting roles after the snapshot
    this.cards = [];
    this.history = {}; // card id -> earlier rounds' results
    this.earlier = {}; // control page: earlier rounds' comments (keepEarlier)
    this.placements = new Map(); // "participant:card" -> placement
    this.sequencer = new BatchSequencer({
      apply: (changes) => this.apply(changes),
      requestSync,
    });
  }

  handle(msg) {
    if (msg.type === "snapshot") {
      this.session = msg.session;
      this.participants = msg.participants || { total: 0, by_role: {} };
      this.cards = msg.cards || [];
      this.history = msg.history || {};
      // Control page only: comments of earlier rounds, card id -> round -> participant -> comment.
      this.earlier = {};
      for (const [card, comments] of Object.entries(msg.earlier_comments || {})) {
        for (const c of comments) this.keepEarlier(Number(card), c.round, c);
      }
      this.placements = new Map();
      this.knownParticipants = new Map();
      for (const [id, role] of Object.entries(this.participants.roles || {})) {
        this.knownParticipants.set(Number(id), role || "");
      }
      this.placed = new Set(this.participants.placed || []); // who took part (docs/protocol.md)
      for (const p of msg.placements || []) {
        this.placements.set(`${p.participant}:${p.card}`, p);
        if (!this.knownParticipants.has(p.participant)) this.knownParticipants.set(p.participant, p.role || "");
      }
      this.sequencer.snapshot(msg.seq);
      this.onChange();
    } else if (msg.type === "update") {
      this.sequencer.update(msg.batches || []);
    }
  }

  apply(changes) {
    for (const change of changes) {
      const applyChange = CHANGES[change.kind];
      // A kind this page does not know (a newer server): say so, keep the rest.
      if (applyChange) applyChange.call(this, change);
      else console.warn("Assenkruis: unknown change kind", change.kind, change);
    }
    this.onChange();
  }

  participantChanged(id, role) {
    const byRole = this.participants.by_role || (this.participants.by_role = {});
    if (this.knownParticipants.has(id)) {
      const old = this.knownParticipants.get(id);
      byRole[old] = Math.max(0, (byRole[old] || 0) - 1);
    } else {
      this.participants.total += 1;
    }
    byRole[role] = (byRole[role] || 0) + 1;
    this.knownParticipants.set(id, role);
    for (const p of this.placements.values()) if (p.participant === id) p.role = role;
  }

  keepEarlier(card, round, c) {
    const rounds = this.earlier[card] || (this.earlier[card] = {});
    const comments = rounds[round] || (rounds[round] = new Map());
    const { participant, comment, hidden, featured, role, source } = c;
    comments.set(participant, { participant, card, round, comment, hidden: Boolean(hidden), featured: Boolean(featured), role: role || "", source: source || "phone" });
  }

  /** The comments of an earlier round of a card (control page). */
  earlierComments(cardId, round) {
    return [...(((this.earlier || {})[cardId] || {})[round] || new Map()).values()];
  }

  placementsOf(cardId) {
    const out = [];
    for (const p of this.placements.values()) if (p.card === cardId) out.push(p);
    return out;
  }

  cardNumber(card) {
    return this.cards.findIndex((c) => c.id === card.id) + 1;
  }
}

/** Mean and standard deviation per axis (population), as the phones' `result`. */
export function stats(placements) {
  const n = placements.length;
  if (!n) return { n: 0, mean: null, spread: null };
  const mx = placements.reduce((s, p) => s + p.x, 0) / n;
  const my = placements.reduce((s, p) => s + p.y, 0) / n;
  const sx = Math.sqrt(placements.reduce((s, p) => s + (p.x - mx) ** 2, 0) / n);
  const sy = Math.sqrt(placements.reduce((s, p) => s + (p.y - my) ** 2, 0) / n);
  return { n, mean: [mx, my], spread: [sx, sy] };
}

export const PALETTE_SIZE = 6;

/**
 * The projector's and control page's live room: a socket that feeds a Room,
 * and `render` called at most once per animation frame however many updates
 * arrive (a busy room sends many a second).
 */
export function connectRoom({ path, statusEl, strings, render }) {
  let frame = 0;
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(() => {
      frame = 0;
      render();
    });
  };
  const room = new Room({ onChange: schedule, requestSync: () => socket.sync() });
  const socket = new LiveSocket({
    path,
    onMessage: (msg) => room.handle(msg),
    onStatus: statusReporter(statusEl, strings),
  });
  return { room, socket };
}

// How the room applies each change kind of an `update` (docs/protocol.md);
// called with the Room as `this`. One entry per kind the server declares
// (workshop/live/protocol.py: the Change Structs).
export const CHANGES = {
  placement(change) {
    const { kind, ...p } = change;
    const key = `${p.participant}:${p.card}`;
    // A move keeps the comment the placement already had.
    this.placements.set(key, { comment: "", ...this.placements.get(key), ...p });
    if (this.placed && !this.placed.has(p.participant)) {
      this.placed.add(p.participant);
      this.participants.took_part = (this.participants.took_part || 0) + 1;
    }
  },
  comment(change) {
    const key = `${change.participant}:${change.card}`;
    const known = this.placements.get(key);
    if (known) {
      const featured = change.featured ?? known.featured;
      this.placements.set(key, { ...known, comment: change.comment, hidden: Boolean(change.hidden), featured });
    }
  },
  earlier_comment(change) {
    const known = ((this.earlier[change.card] || {})[change.round] || new Map()).get(change.participant);
    if (known) this.keepEarlier(change.card, change.round, { ...known, ...change });
  },
  reset(change) {
    for (const [key, p] of this.placements) if (p.card === change.card) this.placements.delete(key);
  },
  card(change) {
    const i = this.cards.findIndex((c) => c.id === change.card.id);
    if (i >= 0) this.cards[i] = { ...this.cards[i], ...change.card };
    else this.cards.push(change.card);
  },
  round(change) {
    // The card runs again: its placements start over; earlier rounds are history
    // (their comments stay at hand for moderation and the spotlight).
    const before = (this.cards.find((c) => c.id === change.card.id) || {}).round;
    for (const [key, p] of this.placements) {
      if (p.card !== change.card.id) continue;
      if (p.comment && before) this.keepEarlier(p.card, before, p);
      this.placements.delete(key);
    }
    const i = this.cards.findIndex((c) => c.id === change.card.id);
    if (i >= 0) this.cards[i] = { ...this.cards[i], ...change.card };
    this.history[change.card.id] = change.history || [];
  },
  participant(change) {
    this.participantChanged(change.participant, change.role || "");
  },
  session(change) {
    this.session = { ...this.session, ...change.session };
  },
  edited() {
    // Texts, axes or cards changed on the edit page: only a snapshot has them all.
    this.requestSync();
  },
};
