// How a card's placements lie, and the sentence that says it: the browser's
// twin of workshop/lib/findings.py (the rules, thresholds and words are there and
// in docs/printables.md; tests/browser/test_js_findings.py holds the two equal).
// The projector and the control page compute it from the placements they hold.

import { fmt } from "./live.js";

export const QUADRANTS = ["top_left", "top_right", "bottom_left", "bottom_right"];
export const MIN_SHAPE = 3;
const TIGHT = 0.25;
const MIDDLE = 0.15;
const CAMP_SHARE = 0.25;
const CAMP_MIN = 2;
const CAMP_GAP = 0.5;
const CAMP_RATIO = 3;
const LARGELY = 0.75;
const CORE_FLOOR = 0.02;

// Sums left to right and v * v, as the Python twin does, so both reach the very same figures.
const total = (values) => values.reduce((s, v) => s + v, 0);
const square = (v) => v * v;

/** The quadrant a position falls in (on an axis: the top or right side). */
export function quadrantOf(x, y) {
  return `${y >= 0 ? "top" : "bottom"}_${x >= 0 ? "right" : "left"}`;
}

function meanOf(points) {
  return [total(points.map((p) => p[0])) / points.length, total(points.map((p) => p[1])) / points.length];
}

/** [quadrant, count] pairs, most first (ties in QUADRANTS order), empty ones left out. */
function counted(points) {
  const counts = Object.fromEntries(QUADRANTS.map((q) => [q, 0]));
  for (const [x, y] of points) counts[quadrantOf(x, y)] += 1;
  const ranked = QUADRANTS.slice().sort((a, b) => counts[b] - counts[a] || QUADRANTS.indexOf(a) - QUADRANTS.indexOf(b));
  return ranked.filter((q) => counts[q]).map((q) => [q, counts[q]]);
}

/** [] the middle, [q] in quadrant q, [a, b] the line between a and b. */
function placeOf(points) {
  const [mx, my] = meanOf(points);
  const nearX = Math.abs(mx) < MIDDLE;
  const nearY = Math.abs(my) < MIDDLE;
  if (nearX && nearY) return [];
  if (nearX) {
    const side = my >= 0 ? "top" : "bottom";
    return [`${side}_left`, `${side}_right`];
  }
  if (nearY) {
    const side = mx >= 0 ? "right" : "left";
    return [`top_${side}`, `bottom_${side}`];
  }
  const counts = counted(points);
  const own = quadrantOf(mx, my);
  const alone = counts.length === 1 || counts[0][1] > counts[1][1];
  if (counts[0][0] === own && alone) return [own];
  return QUADRANTS.filter((q) => q === counts[0][0] || q === counts[1][0]);
}

function principalDirection(points, [mx, my]) {
  const n = points.length;
  const a = total(points.map(([x]) => square(x - mx))) / n;
  const c = total(points.map(([, y]) => square(y - my))) / n;
  const b = total(points.map(([x, y]) => (x - mx) * (y - my))) / n;
  if (b === 0) return a >= c ? [1, 0] : [0, 1];
  const top = (a + c) / 2 + Math.sqrt(square((a - c) / 2) + b * b);
  return a >= c ? [top - c, b] : [b, top - a];
}

function bestSplit(points) {
  const mean = meanOf(points);
  const [vx, vy] = principalDirection(points, mean);
  const t = points.map(([x, y]) => vx * (x - mean[0]) + vy * (y - mean[1]));
  const order = points.map((_, i) => i).sort((i, j) => t[i] - t[j] || i - j).map((i) => points[i]);
  const n = order.length;
  const sx = [0], sy = [0], sq = [0];
  for (const [x, y] of order) {
    sx.push(sx[sx.length - 1] + x);
    sy.push(sy[sy.length - 1] + y);
    sq.push(sq[sq.length - 1] + x * x + y * y);
  }
  const squares = (i, j) => {
    const dx = sx[j] - sx[i], dy = sy[j] - sy[i];
    return Math.max(0, (sq[j] - sq[i]) - (dx * dx + dy * dy) / (j - i));
  };
  let best = Infinity, cut = 1;
  for (let k = 1; k < n; k++) {
    const within = squares(0, k) + squares(k, n);
    if (within < best) [best, cut] = [within, k];
  }
  return [order.slice(0, cut), order.slice(cut), best];
}

function campsOf(points, counts) {
  const n = points.length;
  const [left, right, within] = bestSplit(points);
  if (Math.min(left.length, right.length) < Math.max(CAMP_MIN, CAMP_SHARE * n)) return [];
  const [[ax, ay], [bx, by]] = [meanOf(left), meanOf(right)];
  const gap = Math.sqrt(square(ax - bx) + square(ay - by));
  if (gap < CAMP_GAP || gap < CAMP_RATIO * Math.sqrt(within / n)) return [];
  const key = (c) => c.place.map((q) => QUADRANTS.indexOf(q));
  const byPlace = (a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return ka.length - kb.length;
  };
  const camps = [left, right].map((g) => ({ place: placeOf(g), count: g.length }))
    .sort((a, b) => b.count - a.count || byPlace(a, b));
  if (camps[0].place.join() === camps[1].place.join()) return [];
  const named = new Set(camps.filter((c) => c.place.length === 1).map((c) => c.place[0]));
  const count = Object.fromEntries(counts);
  const unnamed = Math.max(0, ...counts.filter(([q]) => !named.has(q)).map(([, k]) => k));
  if ([...named].some((q) => (count[q] || 0) <= unnamed)) return [];
  return camps;
}

/** The shape of a card's placements ({x, y} objects), as workshop.lib.findings.shape. */
export function shape(placements) {
  const points = placements.map((p) => [p.x, p.y]);
  const n = points.length;
  const counts = counted(points);
  const base = { total: n, counts, distance: 0, place: null, camps: [], tied: [] };
  if (n < MIN_SHAPE) return { ...base, kind: ["none", "single", "few"][n] };
  const [mx, my] = meanOf(points);
  const distance = Math.sqrt(total(points.map(([x, y]) => square(x - mx) + square(y - my))) / n);
  if (distance <= TIGHT) return { ...base, distance, kind: "close", place: placeOf(points) };
  const camps = campsOf(points, counts);
  if (camps.length) return { ...base, distance, kind: "camps", camps };
  const highest = counts[0][1];
  const tied = counts.filter(([, k]) => k === highest).map(([q]) => q);
  if (tied.length > 1 && highest * tied.length >= LARGELY * n) return { ...base, distance, kind: "tie", tied };
  return { ...base, distance, kind: highest * 2 > n ? "quadrant" : "spread" };
}

/** The dashed ellipse: around the average, holding at least two in three placements. */
export function core(placements) {
  const points = placements.map((p) => [p.x, p.y]);
  const n = points.length;
  if (n < MIN_SHAPE) return null;
  const [mx, my] = meanOf(points);
  const sx = Math.max(CORE_FLOOR, Math.sqrt(total(points.map(([x]) => square(x - mx))) / n));
  const sy = Math.max(CORE_FLOOR, Math.sqrt(total(points.map(([, y]) => square(y - my))) / n));
  const reach = points.map(([x, y]) => Math.sqrt(square((x - mx) / sx) + square((y - my) / sy))).sort((a, b) => a - b);
  const scale = reach[Math.ceil((2 * n) / 3) - 1];
  const inside = reach.filter((r) => r <= scale).length;
  return { mean: [mx, my], radii: [Math.max(CORE_FLOOR, scale * sx), Math.max(CORE_FLOOR, scale * sy)], inside };
}

function joined(items, said) {
  if (items.length === 1) return items[0];
  return fmt(said.and, { a: items.slice(0, -1).join(", "), b: items[items.length - 1] });
}

function around(place, name, said) {
  if (!place.length) return said.around_middle;
  if (place.length === 1) return fmt(said.around_quadrant, { quadrant: name(place[0]) });
  return fmt(said.around_line, { a: name(place[0]), b: name(place[1]) });
}

function closeSentence(found, name, said) {
  const q = found.place;
  if (!q.length) return said.close_middle;
  if (q.length === 2) return fmt(said.close_line, { a: name(q[0]), b: name(q[1]) });
  const k = Object.fromEntries(found.counts)[q[0]];
  return fmt(said.close_quadrant, { quadrant: name(q[0]), k, n: found.total });
}

/** The shape in one sentence, in the words of workshop.lib.findings.sentence (`said`: its texts()). */
export function sentence(found, name, said) {
  const n = found.total;
  if (["none", "single", "few"].includes(found.kind)) return said[found.kind];
  if (found.kind === "close") return closeSentence(found, name, said);
  if (found.kind === "camps") {
    const [first, second] = found.camps;
    return fmt(said.camps, { a: first.count, b: second.count, n, first: around(first.place, name, said), second: around(second.place, name, said) });
  }
  if (found.kind === "tie") {
    const quadrants = found.tied.map((q) => fmt(said.quoted, { quadrant: name(q) }));
    return fmt(said.tie, { quadrants: joined(quadrants, said), k: found.counts[0][1], n });
  }
  if (found.kind === "quadrant") {
    const [quadrant, k] = found.counts[0];
    const level = k === n ? "all" : k >= LARGELY * n ? "large" : "most";
    return fmt(said[level], { quadrant: name(quadrant), k, n });
  }
  const parts = found.counts.map(([q, k]) => fmt(said.in_quadrant, { k, quadrant: name(q) }));
  return fmt(said.spread, { list: joined(parts, said) });
}

/** The room's result in one sentence: the projector's and the control page's. */
export function resultSentence(placements, axes, said) {
  return sentence(shape(placements), (q) => axes[q] || "", said);
}
