// The discussion starter: what the room's data suggests to talk about next.
// Pure functions on plain data (no page), so a test can hand them a room
// whose answer is known.

import { compareGroups } from "./compare.js";
import { shape } from "./findings.js";
import { foldSmallGroups, stats } from "./room.js";

export const MIN_PLACEMENTS = 3; // a spread of one or two people says nothing
export const COMPARED = ["kunstenaar", "opbouwwerker"]; // the workshop's two professions

function distance(a, b) {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

/** The distance between the two professions' means where they differ by more than chance, else 0. */
export function rolesDiffer(placements) {
  const groups = new Map();
  for (const p of placements) groups.set(p.role || "", [...(groups.get(p.role || "") || []), p]);
  const folded = foldSmallGroups(groups);
  const [a, b] = COMPARED.map((role) => folded.get(role) || []);
  if (!compareGroups(a, b).differs) return 0;
  return distance(stats(a).mean, stats(b).mean);
}

/**
 * Up to three suggestions, each {kind, card, value}: the card the room is most
 * divided on (`spread`: the typical distance of a placement to the average, as
 * workshop/lib/findings.py measures it; never a card whose placements lie close
 * together, which the projector calls agreement), the card where artists
 * and community workers differ most (`roles`: the distance between their means,
 * only where they differ by more than chance: workshop/lib/compare.py's method, on
 * the role groups a screen may show, workshop/participation.py's rule),
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
    const found = shape(placements);
    if (s.n >= MIN_PLACEMENTS && found.kind !== "close") consider("spread", card, found.distance);
    consider("roles", card, rolesDiffer(placements));
    const rounds = (history[card.id] || history[String(card.id)] || []).filter((r) => r.mean && r.n);
    const last = rounds[rounds.length - 1];
    if (last && s.n >= MIN_PLACEMENTS) consider("moved", card, distance(last.mean, s.mean));
  }
  return ["spread", "roles", "moved"].map((kind) => best[kind]).filter(Boolean);
}
