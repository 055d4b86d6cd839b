// The discussion starter: what the room's data suggests to talk about next.
// Pure functions on plain data (no page), so a test can hand them a room
// whose answer is known.

import { stats } from "./room.js";

export const MIN_PLACEMENTS = 3; // a spread of one or two people says nothing
export const MIN_PER_ROLE = 2; // each profession needs more than one voice
export const COMPARED = ["kunstenaar", "opbouwwerker"]; // the workshop's two professions

function distance(a, b) {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/**
 * Up to three suggestions, each {kind, card, value}: the card the room is most
 * divided on (`spread`: the standard deviations' length), the card where artists
 * and community workers differ most (`roles`: the distance between their means),
 * the card that moved most since its previous round (`moved`: the distance
 * between that round's mean and today's). Cards without enough placements are
 * left out; a kind without any card is left out.
 *
 * cards: [{id, title, ...}]; placementsOf(cardId) -> [{x, y, role}];
 * history: {cardId: [{round, n, mean}]} (earlier rounds, oldest first).
 */
export function suggestions(cards, placementsOf, history) {
  const best = { spread: null, roles: null, moved: null };
  const consider = (kind, card, value) => {
    if (value > 0 && (!best[kind] || value > best[kind].value)) best[kind] = { kind, card, value };
  };
  for (const card of cards) {
    const placements = placementsOf(card.id);
    const s = stats(placements);
    if (s.n >= MIN_PLACEMENTS) consider("spread", card, Math.hypot(s.spread[0], s.spread[1]));
    const [a, b] = COMPARED.map((role) => stats(placements.filter((p) => (p.role || "") === role)));
    if (a.n >= MIN_PER_ROLE && b.n >= MIN_PER_ROLE) consider("roles", card, distance(a.mean, b.mean));
    const rounds = (history[card.id] || history[String(card.id)] || []).filter((r) => r.mean && r.n);
    const last = rounds[rounds.length - 1];
    if (last && s.n >= MIN_PLACEMENTS) consider("moved", card, distance(last.mean, s.mean));
  }
  return ["spread", "roles", "moved"].map((kind) => best[kind]).filter(Boolean);
}
