// Projector: what the whole room looks at. The card under discussion front and
// centre; before the reveal only how many have placed it, after the reveal the
// dots, the marks with a legend, and the result in one sentence. A session not
// started (or without an open card) shows the join code large; a closed one
// thanks the room and points to the results. No button is on show: the
// facilitator's keys are R (by role), P (replay), 1-3 (replay speed), Esc, H (help).

import { fmt, readJson, showPicture } from "./live.js";
import { drawCrowd, drawDots, fitLabels, layer, plotBox, plotClip, relabel, toSvg, useRoleColours } from "./grid.js";
import { compareGroups } from "./compare.js";
import { PALETTE_SIZE, ROOM, connectRoom, foldSmallGroups, stats } from "./room.js";
import { MIN_SHAPE, core, resultSentence } from "./findings.js";

const root = document.getElementById("ak-screen");
const strings = readJson("ak-strings");
const svg = document.getElementById("ak-screen-grid");
// The grid's labels are read from the back row too: no smaller than the side's
// text (--ak-read in screen.css), as a share of the screen's height (grid.js).
svg.dataset.minText = "0.035";
const side = document.getElementById("ak-screen-side");
const $ = (id) => document.getElementById(id);
const SVG_NS = "http://www.w3.org/2000/svg";
// The roles and the two the workshop compares come from the server (workshop.models).
const ROLE_ORDER = [...Object.keys(strings.roles), ""];
useRoleColours(readJson("ak-role-colours"));
const COMPARED = strings.compared_roles;
const MAX_GAP_S = 2; // replay: long quiet stretches are shortened to this
const SPEEDS = { 1: 1, 2: 4, 3: 16 };

const view = { roles: false, replay: null, help: false };
const rolesKey = `ak-roles:${root.dataset.socket}`;
try {
  view.roles = sessionStorage.getItem(rolesKey) === "1"; // the view survives a reload
} catch {
  /* no storage */
}

const { room } = connectRoom({
  path: root.dataset.socket,
  statusEl: $("ak-status"),
  strings,
  render,
});

// Helpers ----------------------------------------------------------------------

function colour(card) {
  return `ak-c${(room.cardNumber(card) - 1) % PALETTE_SIZE}`;
}

function roleClass(role) {
  return `ak-role-${role || "none"}`;
}

function roleName(role) {
  return (strings.roles && strings.roles[role]) || strings.role_none;
}

function number(v, digits = 1) {
  return v.toLocaleString(document.documentElement.lang || "nl", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

function node(tag, cls, text) {
  const n = document.createElement(tag);
  if (cls) n.className = cls;
  if (text !== undefined) n.textContent = text;
  return n;
}

function svgEl(name, attrs = {}, cls = "") {
  const n = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, typeof v === "number" ? v.toFixed(1) : String(v));
  if (cls) n.setAttribute("class", cls);
  return n;
}

function byRole(placements) {
  const groups = new Map();
  for (const p of placements) {
    const role = p.role || "";
    if (!groups.has(role)) groups.set(role, []);
    groups.get(role).push(p);
  }
  // Privacy in small groups: a role of fewer than three is not shown apart.
  return foldSmallGroups(groups, (room.participants && room.participants.min_group) || 3);
}

/** The role group each placement is shown in (`byRole`), as a Map placement -> group. */
function shownRoles(placements) {
  const shown = new Map();
  for (const [role, group] of byRole(placements)) for (const p of group) shown.set(p, role);
  return shown;
}

/** A dot's class in the role view: its group's colour, or the card's where no role may be shown. */
function roleDotClass(group, card) {
  return group === ROOM ? (card ? colour(card) : "ak-c0") : roleClass(group);
}

function historyOf(card) {
  return room.history[card.id] || room.history[String(card.id)] || [];
}

/** How many took part: the phone helper's count when the server sends it, else everyone who joined. */
function tookPart() {
  const p = room.participants || {};
  return p.took_part ?? p.total ?? 0;
}

/** The spotlight as the projector shows it, or null; a hidden comment is never shown. */
function spotlight() {
  const spot = room.session && room.session.spotlight;
  if (!spot || spot.card == null) return null;
  const card = room.cards.find((c) => c.id === spot.card);
  if (!card) return null;
  let comment = "";
  let role = "";
  if (spot.participant != null && spot.round != null) {
    comment = spot.comment || ""; // an earlier round's: the server sends it (visible ones only)
  } else if (spot.participant != null) {
    const p = room.placements.get(`${spot.participant}:${card.id}`);
    // The room's copy follows later hide/show changes; the session's is from when it was set.
    comment = p ? (p.hidden ? "" : p.comment || "") : spot.comment || "";
    // The group the author is shown in on this card, never a lone person's own role.
    const group = p ? shownRoles(room.placementsOf(card.id)).get(p) : ROOM;
    role = group && group !== ROOM ? group : "";
  }
  return { card, comment, role, participant: spot.participant };
}

// The card under discussion: the spotlight's, else the open card that changed
// last (opened or revealed), else the last open card with results shown, else
// the last open card in the list.
const seen = new Map(); // card id -> "open revealed" as last rendered
let focusId = null;

function focusCard() {
  const spot = spotlight();
  for (const card of room.cards) {
    const now = `${card.open} ${card.revealed} ${card.round}`;
    const before = seen.get(card.id);
    if (before !== undefined && before !== now && card.open) focusId = card.id;
    seen.set(card.id, now);
  }
  if (spot) return spot.card;
  const open = room.cards.filter((c) => c.open);
  if (!open.some((c) => c.id === focusId)) {
    // A fresh page: the room discusses a card once its results are shown.
    const revealed = open.filter((c) => c.revealed);
    const pick = revealed.length ? revealed : open;
    focusId = pick.length ? pick[pick.length - 1].id : null;
  }
  return room.cards.find((c) => c.id === focusId) || null;
}

// How the room moved between rounds, in words.
function movement(card, current) {
  const rounds = historyOf(card);
  const last = rounds[rounds.length - 1];
  if (!last || !last.mean || !current.n) return "";
  const moved = Math.hypot(current.mean[0] - last.mean[0], current.mean[1] - last.mean[1]);
  const how = moved < 0.1 ? strings.moved_little : moved < 0.3 ? strings.moved_some : strings.moved_much;
  const before = Math.hypot(last.spread[0], last.spread[1]);
  const now = Math.hypot(current.spread[0], current.spread[1]);
  const spread = now < before * 0.85 ? strings.closer : now > before * 1.15 ? strings.further : strings.same_spread;
  return `${fmt(strings.moved, { from: last.round, to: card.round, how })} ${spread}`;
}

// Rendering ------------------------------------------------------------------

function render() {
  if (!room.session) return;
  relabel(svg, room.session.axes); // edited on the edit page since this page was drawn
  root.classList.toggle("ak-session-draft", room.session.state === "draft");
  root.classList.toggle("ak-session-open", room.session.state === "open");
  root.classList.toggle("ak-session-closed", room.session.state === "closed");
  $("ak-participants").textContent = fmt(strings.participants, { n: tookPart() });
  if (view.replay) {
    renderReplay();
    return finish();
  }
  const card = focusCard();
  const spot = spotlight();
  const closed = room.session.state === "closed";
  const draft = room.session.state === "draft";
  if (closed && !spot) setMode("thanks");
  else if (draft || !card) setMode("welcome");
  else setMode(spot ? "spotlight" : view.roles ? "roles" : "live");
  $("ak-welcome-note").textContent = draft ? strings.draft : card ? "" : strings.no_cards;
  if (!card || draft || (closed && !spot)) {
    clearGrid();
    return finish();
  }
  const shown = card.revealed;
  const placements = room.placementsOf(card.id);
  renderFocus(card, placements);
  renderProgress(card, placements);
  renderGrid(shown ? card : null, placements);
  renderResult(shown ? card : null, placements);
  renderSpotlight(spot);
  renderComments(shown && !spot && !view.roles ? card : null, placements);
  renderRolePanel(shown ? [card] : []);
  renderAlsoOpen(card);
  finish();
}

let gridFitted = false;

function finish() {
  if (!gridFitted && svg.getBoundingClientRect().width > 0) {
    fitLabels(svg); // hidden text has no length: once the grid is on screen
    gridFitted = true;
  }
  fitSide();
  root.dataset.ready = "1";
}

function setMode(mode) {
  for (const m of ["live", "roles", "spotlight", "replay", "welcome", "thanks"]) root.classList.toggle(`ak-mode-${m}`, m === mode);
  $("ak-welcome").hidden = mode !== "welcome";
  $("ak-thanks").hidden = mode !== "thanks";
  $("ak-spotlight").hidden = mode !== "spotlight";
  $("ak-role-panel").hidden = !(view.roles && (mode === "roles" || mode === "replay"));
  $("ak-replay").hidden = mode !== "replay";
  $("ak-progress").hidden = mode === "replay";
  $("ak-join-strip").hidden = room.session.state !== "open";
  if (mode === "replay") {
    $("ak-result").hidden = true;
    $("ak-screen-comments").hidden = true;
    $("ak-also-open").hidden = true;
  }
}

const ICONS = {
  // Small line drawings, so the state reads without colour and without a font's symbols.
  waiting: "M6 12a6 6 0 1 0 12 0a6 6 0 1 0-12 0M12 8v4l3 2",
  shown: "M2 12s4-7 10-7s10 7 10 7s-4 7-10 7S2 12 2 12zM9 12a3 3 0 1 0 6 0a3 3 0 1 0-6 0",
  locked: "M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3",
  closed: "M5 12h14",
};

function icon(name) {
  const s = svgEl("svg", { viewBox: "0 0 24 24", width: "1em", height: "1em", focusable: "false" }, "ak-icon");
  s.append(svgEl("path", { d: ICONS[name] }));
  return s;
}

function renderFocus(card, placements) {
  $("ak-focus-kicker").textContent = fmt(strings.card_of, { i: room.cardNumber(card), n: room.cards.length });
  const title = $("ak-focus-title");
  if (title.textContent !== card.title) title.textContent = card.title;
  title.className = `ak-focus-title ak-focus-${card.revealed ? colour(card) : "plain"}`;
  let state;
  let words;
  if (!card.open) [state, words] = ["closed", strings.state_closed];
  else if (card.revealed) [state, words] = ["shown", card.locked ? `${strings.state_shown} · ${strings.state_locked}` : strings.state_shown];
  else if (card.locked) [state, words] = ["locked", strings.state_waiting_locked];
  else [state, words] = ["waiting", strings.state_waiting];
  if (card.round > 1) words = `${words} · ${fmt(strings.round_n || "%(n)s", { n: card.round })}`;
  const box = $("ak-focus-state");
  box.dataset.state = state;
  $("ak-focus-icon").replaceChildren(icon(state));
  $("ak-focus-state-text").textContent = words;
  void placements;
}

// Progress before the reveal: a count, a bar, and a dot that flies in for each
// arrival (no positions: those are for after the reveal).
const arrived = { card: null, round: 0, ids: new Set() };

function renderProgress(card, placements) {
  const box = $("ak-progress");
  box.hidden = card.revealed;
  // Out of everybody in the room (joined), not only those who placed a card before.
  const n = Math.max((room.participants && room.participants.total) || 0, placements.length);
  $("ak-progress-text").textContent = fmt(strings.progress, { k: placements.length, n });
  const bar = $("ak-progress-bar");
  bar.max = Math.max(1, n);
  bar.value = placements.length;
  const fresh = arrived.card === card.id && arrived.round === card.round;
  const ids = new Set(placements.map((p) => p.participant));
  if (fresh && !card.revealed) {
    let newcomers = 0;
    for (const id of ids) if (!arrived.ids.has(id)) newcomers += 1;
    const flying = $("ak-arrivals");
    for (let i = 0; i < Math.min(newcomers, 6) && flying.children.length < 12; i++) {
      const dot = node("span", `ak-arrival ${colour(card)}`);
      dot.addEventListener("animationend", () => dot.remove());
      flying.append(dot);
    }
  }
  Object.assign(arrived, { card: card.id, round: card.round, ids });
}

function clearGrid() {
  layer(svg, "ak-results").replaceChildren();
  layer(svg, "ak-marks", { above: true }).replaceChildren();
  drawCrowd(svg, [], 14);
}

function renderGrid(card, placements) {
  const results = layer(svg, "ak-results");
  const marks = layer(svg, "ak-marks", { above: true });
  results.replaceChildren();
  marks.replaceChildren();
  if (!card) {
    drawCrowd(svg, [], 14);
    return;
  }
  const shownRole = view.roles ? shownRoles(placements) : new Map(); // placement -> its role group
  const dots = placements.map((p) => ({
    x: p.x,
    y: p.y,
    cls: `ak-dot ${view.roles ? roleDotClass(shownRole.get(p), card) : colour(card)}`,
    square: p.source === "paper",
  }));
  drawCrowd(svg, dots, 14);
  const s = stats(placements);
  if (view.roles) {
    drawRoleMarks(marks, card, placements);
    return;
  }
  if (!s.n) return drawAgreed(marks, card);
  const { cx, cy } = toSvg(svg, s.mean[0], s.mean[1]);
  const { size } = plotBox(svg);
  const ring = core(placements); // around the average, holding two in three dots (legend_spread)
  if (ring) {
    results.append(
      svgEl("ellipse", {
        cx, cy,
        rx: Math.max(4, (ring.radii[0] * size) / 2),
        ry: Math.max(4, (ring.radii[1] * size) / 2),
        "clip-path": plotClip(svg),
      }, `ak-spread ${colour(card)}`),
    );
  }
  for (const earlier of historyOf(card)) if (earlier.mean) drawEarlier(marks, earlier, s.mean);
  drawAgreed(marks, card);
  marks.append(svgEl("circle", { cx, cy, r: 16 }, `ak-mean ${colour(card)}`));
}

/**
 * An earlier round's mean: a hollow dashed ring with its number outside the
 * ring (on the side away from today's mean) and an arrow to today's mean, so
 * neither mark hides the other however close they are.
 */
function drawEarlier(g, earlier, mean) {
  const a = toSvg(svg, earlier.mean[0], earlier.mean[1]);
  const b = toSvg(svg, mean[0], mean[1]);
  const dx = b.cx - a.cx;
  const dy = b.cy - a.cy;
  const length = Math.hypot(dx, dy);
  const group = svgEl("g", {}, "ak-earlier-round");
  group.dataset.round = String(earlier.round);
  group.append(svgEl("circle", { cx: a.cx, cy: a.cy, r: 30 }, "ak-earlier-ring"));
  if (length > 90) {
    const ux = dx / length;
    const uy = dy / length;
    const tipX = b.cx - ux * 26;
    const tipY = b.cy - uy * 26;
    const baseX = tipX - ux * 26;
    const baseY = tipY - uy * 26;
    group.append(
      svgEl("line", { x1: a.cx + ux * 32, y1: a.cy + uy * 32, x2: baseX, y2: baseY }, "ak-arrow-line"),
      svgEl("path", {
        d: `M${tipX.toFixed(1)},${tipY.toFixed(1)} L${(baseX - uy * 13).toFixed(1)},${(baseY + ux * 13).toFixed(1)} L${(baseX + uy * 13).toFixed(1)},${(baseY - ux * 13).toFixed(1)} Z`,
      }, "ak-arrow-head"),
    );
  }
  // The number sits outside the ring, away from today's mean (up-left when they coincide).
  const away = length > 1 ? [-dx / length, -dy / length] : [-Math.SQRT1_2, -Math.SQRT1_2];
  const label = svgEl("text", {
    x: a.cx + away[0] * 58,
    y: a.cy + away[1] * 58,
    "text-anchor": "middle",
    "dominant-baseline": "central",
  }, "ak-earlier-label");
  label.textContent = String(earlier.round);
  group.append(label);
  g.append(group);
}

/** The agreed position: a hollow diamond larger than the mean, so both stay visible on one spot. */
function drawAgreed(g, card) {
  if (!card.agreed) return;
  const { cx, cy } = toSvg(svg, card.agreed[0], card.agreed[1]);
  const r = 40;
  g.append(svgEl("path", { d: `M${cx - r},${cy} L${cx},${cy - r} L${cx + r},${cy} L${cx},${cy + r} Z` }, "ak-agreed"));
}

function drawRoleMarks(marks, card, placements) {
  const means = [];
  const groups = byRole(placements);
  for (const [role, group] of groups) {
    if (role === ROOM) continue; // no role may be shown on this card
    const rs = stats(group);
    means.push({ x: rs.mean[0], y: rs.mean[1], r: 30, cls: `ak-role-mean ${roleClass(role)}`, label: String(room.cardNumber(card)) });
  }
  // The gap the dialogue is about: a line between the two professions' means,
  // drawn only where they differ by more than chance (workshop/lib/compare.py).
  const [a, b] = COMPARED.map((role) => stats(groups.get(role) || []));
  if (a.n && b.n && compareGroups(groups.get(COMPARED[0]), groups.get(COMPARED[1])).differs) {
    const p = toSvg(svg, a.mean[0], a.mean[1]);
    const q = toSvg(svg, b.mean[0], b.mean[1]);
    marks.append(svgEl("line", { x1: p.cx, y1: p.cy, x2: q.cx, y2: q.cy }, "ak-role-gap"));
  }
  const g = svgEl("g");
  marks.append(g);
  drawDots(g, means);
  for (const label of g.querySelectorAll("text.ak-dot-label")) label.setAttribute("class", "ak-role-mean-label");
}

/** A legend swatch: a little SVG with the same classes as the mark on the grid. */
function swatch(kind, card) {
  const s = svgEl("svg", { viewBox: "0 0 60 60", width: "60", height: "60", focusable: "false", "aria-hidden": "true" }, "ak-grid ak-legend-mark");
  const c = colour(card);
  if (kind === "dot") s.append(svgEl("circle", { cx: 30, cy: 30, r: 12 }, `ak-dot ${c}`));
  if (kind === "paper") s.append(svgEl("rect", { x: 18, y: 18, width: 24, height: 24 }, `ak-dot ak-dot-paper ${c}`));
  if (kind === "mean") s.append(svgEl("circle", { cx: 30, cy: 30, r: 14 }, `ak-mean ${c}`));
  if (kind === "spread") s.append(svgEl("ellipse", { cx: 30, cy: 30, rx: 26, ry: 17 }, `ak-spread ${c}`));
  if (kind === "agreed") s.append(svgEl("path", { d: "M30,4 L56,30 L30,56 L4,30 Z" }, "ak-agreed"));
  if (kind === "earlier") {
    s.append(svgEl("circle", { cx: 30, cy: 30, r: 20 }, "ak-earlier-ring"));
    const t = svgEl("text", { x: 30, y: 31, "text-anchor": "middle", "dominant-baseline": "central" }, "ak-earlier-label");
    t.textContent = "1";
    s.append(t);
  }
  return s;
}

function renderResult(card, placements) {
  const box = $("ak-result");
  box.hidden = !card;
  if (!card) return;
  $("ak-result-sentence").textContent = resultSentence(placements, room.session.axes, strings.said);
  $("ak-legend-title").textContent = strings.legend_title;
  const items = [];
  if (view.roles) {
    // The role panel is the legend of the role view.
  } else {
    const s = stats(placements);
    if (placements.some((p) => p.source !== "paper")) items.push(["dot", strings.legend_dot]);
    if (placements.some((p) => p.source === "paper")) items.push(["paper", strings.legend_paper]);
    if (s.n) items.push(["mean", strings.legend_mean]);
    if (s.n >= MIN_SHAPE) items.push(["spread", strings.legend_spread]);
    if (card.agreed) items.push(["agreed", strings.legend_agreed]);
    const rounds = historyOf(card).filter((r) => r.mean);
    if (rounds.length && s.n) {
      items.push(["earlier", fmt(strings.legend_earlier, { n: rounds.map((r) => r.round).join(", ") })]);
    }
  }
  const key = JSON.stringify([card.id, colour(card), items]);
  const legend = $("ak-legend");
  if (legend.dataset.key === key) return;
  legend.dataset.key = key;
  legend.replaceChildren(
    ...items.map(([kind, text]) => {
      const li = node("li", `ak-legend-item ak-legend-${kind}`);
      li.append(swatch(kind, card), node("span", "ak-legend-text", text));
      return li;
    }),
  );
  const move = movement(card, stats(placements));
  if (move) legend.append(node("li", "ak-legend-item ak-legend-move", move));
}

function renderSpotlight(spot) {
  if (!spot) return;
  $("ak-spotlight-description").textContent = spot.card.description || "";
  $("ak-spotlight-description").hidden = !spot.card.description || Boolean(spot.comment);
  showPicture($("ak-spotlight-figure"), spot.card);
  const quote = $("ak-spotlight-comment");
  quote.hidden = !spot.comment;
  $("ak-spotlight-comment-text").textContent = spot.comment;
  $("ak-spotlight-comment-role").textContent = spot.role ? roleName(spot.role) : "";
}

function renderComments(card, placements) {
  const list = $("ak-screen-comment-list");
  const shown = card ? placements.filter((p) => p.comment && !p.hidden).reverse() : []; // newest first
  const key = JSON.stringify(shown.map((p) => [p.participant, p.comment]));
  if (list.dataset.key !== key) {
    list.dataset.key = key;
    list.replaceChildren(...shown.map((p) => node("li", "ak-screen-comment", p.comment)));
  }
  $("ak-screen-comments").hidden = !shown.length;
}

function renderAlsoOpen(card) {
  const others = room.cards.filter((c) => c.open && c.id !== card.id);
  const line = $("ak-also-open");
  line.hidden = !others.length;
  line.textContent = others.length
    ? `${strings.also_open} ${others.map((c) => `${room.cardNumber(c)}. ${c.title}`).join(" · ")}`
    : "";
}

function renderRolePanel(shown) {
  if (!view.roles) return;
  const legend = $("ak-role-legend");
  legend.replaceChildren();
  // People per role group, each card folded on its own (a person counts once).
  const people = new Map();
  let hidden = false;
  for (const card of shown) {
    for (const [role, group] of byRole(room.placementsOf(card.id))) {
      if (role === ROOM) hidden = true;
      else for (const p of group) people.set(role, (people.get(role) || new Set()).add(p.participant));
    }
  }
  for (const role of ROLE_ORDER) {
    if (!people.has(role)) continue;
    const li = node("li", "ak-role-legend-item");
    const sw = node("span", `ak-role-swatch ${roleClass(role)}`);
    sw.setAttribute("aria-hidden", "true");
    li.append(sw, node("span", "", fmt(strings.role_count, { role: roleName(role), n: people.get(role).size })));
    legend.append(li);
  }
  if (hidden) legend.append(node("li", "ak-role-legend-item ak-role-legend-hidden", strings.roles_hidden));
  if (people.size) {
    const li = node("li", "ak-role-legend-item ak-role-legend-mean");
    const sw = node("span", "ak-role-swatch ak-role-swatch-mean", "1");
    sw.setAttribute("aria-hidden", "true");
    li.append(sw, node("span", "", strings.role_mean_note));
    legend.append(li);
  }
  // Dialogue material: the revealed cards where the two professions' means lie
  // furthest apart, of those where they differ by more than chance (workshop/lib/compare.py).
  const rows = [];
  let compared = 0;
  for (const card of room.cards.filter((c) => c.revealed)) {
    const groups = byRole(room.placementsOf(card.id));
    const [a, b] = COMPARED.map((role) => groups.get(role) || []);
    const found = compareGroups(a, b);
    if (found.enough) compared += 1;
    if (!found.differs) continue;
    const [ma, mb] = [stats(a).mean, stats(b).mean];
    rows.push({ card, d: Math.hypot(ma[0] - mb[0], ma[1] - mb[1]) });
  }
  rows.sort((p, q) => q.d - p.d);
  const list = $("ak-role-differ");
  list.replaceChildren();
  for (const { card, d } of rows.slice(0, 3)) {
    const how = d >= 0.7 ? strings.differ_far : d >= 0.3 ? strings.differ_some : strings.differ_close;
    list.append(node("li", "ak-role-differ-item", fmt(strings.role_differ_item, { card: card.title, how, d: number(d) })));
  }
  if (!rows.length) {
    list.append(node("li", "ak-role-differ-none", compared ? strings.role_differ_unclear : strings.role_differ_none));
  }
}

/**
 * Nothing on the projector is cut off or scrolls: when a column's content does
 * not fit, its type shrinks a little (the card's title never below 5 % of the
 * screen height), then whole items give way, least important first (older
 * comments, the other open cards, the picture, the legend), and the room is
 * told how many comments are left out.
 */
function fitSide() {
  if (!$("ak-welcome").hidden) return fitBox($("ak-welcome"), []);
  if (!$("ak-thanks").hidden) return fitBox($("ak-thanks"), []);
  const comments = () => [...$("ak-screen-comment-list").children];
  // Room for the "and n more" line is kept while fitting; it only goes away after.
  const more = $("ak-screen-comments-more");
  more.hidden = !comments().length;
  more.textContent = fmt(strings.more_comments, { n: comments().length });
  // Comments give way first (the oldest first), then the type shrinks, then the
  // extras; the legend of the marks on the grid goes last.
  const legend = [...$("ak-legend").children];
  const extras = [
    $("ak-also-open"),
    $("ak-spotlight-figure"),
    $("ak-role-differ-box"),
    $("ak-spotlight-description"),
    $("ak-focus-kicker"),
    ...legend.filter((li) => li.classList.contains("ak-legend-move")),
    ...$("ak-role-legend").querySelectorAll(".ak-role-legend-mean"),
    $("ak-join-strip"),
    ...legend.filter((li) => !li.classList.contains("ak-legend-move")).reverse(),
    $("ak-result-sentence"),
  ];
  fitBox(side, comments().reverse(), extras);
  const dropped = comments().filter((li) => li.dataset.fitHidden).length;
  more.textContent = fmt(strings.more_comments, { n: dropped });
  more.hidden = !dropped || dropped === comments().length;
  if (dropped && dropped === comments().length) {
    // No comment fits: the section goes, and what it took is fitted again.
    $("ak-screen-comments").hidden = true;
    fitBox(side, [], extras);
  }
}

/** Fit `box`: drop `first` items while it overflows, then shrink its type, then drop `then` items. */
function fitBox(box, first, then = []) {
  box.style.removeProperty("--fit");
  for (const el of box.querySelectorAll("[data-fit-hidden]")) {
    el.hidden = false;
    delete el.dataset.fitHidden;
  }
  const over = () => box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
  const drop = (items) => {
    const dropped = [];
    for (const el of items) {
      if (!over()) break;
      if (!el || el.hidden) continue;
      el.hidden = true;
      el.dataset.fitHidden = "1";
      dropped.push(el);
    }
    return dropped;
  };
  drop(first);
  for (let fit = 0.92; fit >= 0.68 && over(); fit -= 0.08) box.style.setProperty("--fit", fit.toFixed(2));
  // A big item dropped late may leave room for a smaller one dropped before it:
  // give those back, the most important first.
  for (const el of drop(then).reverse()) {
    el.hidden = false;
    if (over()) el.hidden = true;
    else delete el.dataset.fitHidden;
  }
}

window.addEventListener("resize", () => {
  gridFitted = false;
  render();
});
// The typeface arrives after the first fit (font-display: swap): fit again with it.
document.fonts?.addEventListener("loadingdone", () => {
  gridFitted = false;
  render();
});

// Role view ------------------------------------------------------------------

function toggleRoles() {
  view.roles = !view.roles;
  try {
    sessionStorage.setItem(rolesKey, view.roles ? "1" : "0");
  } catch {
    /* no storage */
  }
  render();
}

// Replay ---------------------------------------------------------------------

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

async function startReplay() {
  if (view.replay || !root.dataset.replay) return;
  const replay = { events: [], i: 0, t: 0, total: 0, speed: 1, playing: true, dots: new Map(), rounds: {}, last: 0, timer: 0, note: "" };
  view.replay = replay;
  setMode("replay");
  $("ak-replay-time").textContent = "";
  try {
    const response = await fetch(root.dataset.replay, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    const data = await response.json();
    let clockT = 0;
    let prev = null;
    for (const e of data.events || []) {
      clockT += prev === null ? 0 : Math.min(MAX_GAP_S, Math.max(0, e.t - prev));
      prev = e.t;
      replay.events.push({ ...e, at: clockT });
    }
    replay.total = clockT;
    if (!replay.events.some((e) => room.cards.some((c) => c.id === e.card && c.revealed))) replay.note = strings.replay_empty;
  } catch {
    replay.note = strings.replay_error;
  }
  if (view.replay !== replay) return; // left while loading
  replay.last = performance.now();
  tick();
}

function tick() {
  const replay = view.replay;
  if (!replay) return;
  const now = performance.now();
  if (replay.playing) replay.t = Math.min(replay.total, replay.t + ((now - replay.last) / 1000) * replay.speed);
  replay.last = now;
  while (replay.i < replay.events.length && replay.events[replay.i].at <= replay.t) applyReplayEvent(replay.events[replay.i++]);
  if (replay.i >= replay.events.length && replay.events.length) {
    replay.playing = false;
    replay.note = strings.replay_done;
  }
  render();
  if (replay.playing) replay.timer = requestAnimationFrame(tick);
}

function applyReplayEvent(e) {
  const replay = view.replay;
  // The projector shows results only of revealed cards, in replay too.
  const card = room.cards.find((c) => c.id === e.card);
  if (!card || !card.revealed) return;
  const cardKey = String(e.card);
  if (e.round > (replay.rounds[cardKey] || 0)) {
    // A new round of that card: the earlier round's dots leave the grid.
    for (const [key, d] of replay.dots) if (String(d.card) === cardKey) replay.dots.delete(key);
    replay.rounds[cardKey] = e.round;
  }
  const key = `${e.participant}:${e.card}`;
  if (e.kind === "reset") replay.dots.delete(key);
  else if (e.x != null && e.y != null) replay.dots.set(key, e);
}

/** The replayed moment: its dots on the grid, and per card its count and round at that moment. */
function renderReplay() {
  const replay = view.replay;
  setMode("replay");
  const cards = room.cards.filter((c) => c.revealed);
  $("ak-focus-kicker").textContent = "";
  $("ak-focus-title").textContent = strings.replay_on;
  $("ak-focus-title").className = "ak-focus-title ak-focus-plain";
  $("ak-focus-state").dataset.state = "replay";
  $("ak-focus-icon").replaceChildren(icon("waiting"));
  $("ak-focus-state-text").textContent =
    replay.note || fmt(strings.replay_time, { t: clock(replay.t), total: clock(replay.total) });
  $("ak-replay-time").textContent = strings.replay_cards;
  layer(svg, "ak-results").replaceChildren();
  layer(svg, "ak-marks", { above: true }).replaceChildren();
  const dots = [];
  const counts = new Map();
  const shownRole = new Map(); // replayed dot -> its role group, small groups folded per card
  if (view.roles) {
    const perCard = new Map();
    for (const e of replay.dots.values()) perCard.set(e.card, [...(perCard.get(e.card) || []), e]);
    for (const group of perCard.values()) for (const [e, role] of shownRoles(group)) shownRole.set(e, role);
  }
  for (const e of replay.dots.values()) {
    const card = room.cards.find((c) => c.id === e.card);
    counts.set(e.card, (counts.get(e.card) || 0) + 1);
    const cls = view.roles ? roleDotClass(shownRole.get(e), card) : card ? colour(card) : "ak-c0";
    dots.push({ x: e.x, y: e.y, cls: `ak-dot ${cls}`, square: e.source === "paper" });
  }
  drawCrowd(svg, dots, 14);
  const list = $("ak-replay-cards");
  list.replaceChildren();
  for (const card of cards) {
    const li = node("li", "ak-screen-card ak-screen-card-revealed");
    li.dataset.card = String(card.id);
    const sw = node("span", `ak-swatch ${colour(card)}`, room.cardNumber(card));
    sw.setAttribute("aria-hidden", "true");
    const round = replay.rounds[String(card.id)] || 0;
    const bits = [fmt(strings.placements, { n: counts.get(card.id) || 0 })];
    if (round > 1) bits.push(fmt(strings.round_n || "%(n)s", { n: round }));
    li.append(sw, node("span", "ak-screen-card-title", card.title), node("span", "ak-screen-card-meta", bits.join(" · ")));
    list.append(li);
  }
  if (view.roles) renderRolePanel(cards);
}

function playPause() {
  const replay = view.replay;
  if (!replay) return;
  if (replay.playing) {
    replay.playing = false;
    cancelAnimationFrame(replay.timer);
    render();
    return;
  }
  if (replay.t >= replay.total) {
    // From the start again.
    Object.assign(replay, { t: 0, i: 0, dots: new Map(), rounds: {}, note: "" });
  }
  replay.playing = true;
  replay.last = performance.now();
  tick();
}

function stopReplay() {
  if (!view.replay) return;
  cancelAnimationFrame(view.replay.timer);
  view.replay = null;
  render();
}

function toggleHelp(show = !view.help) {
  view.help = show;
  $("ak-help").hidden = !show;
}

// Keyboard: the facilitator's laptop drives the projector.
document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target.closest && e.target.closest("input, textarea, select")) return;
  const key = e.key.toLowerCase();
  if (key === "r") {
    toggleRoles();
  } else if (key === "p" || (key === " " && view.replay)) {
    if (view.replay) playPause();
    else startReplay();
  } else if (SPEEDS[key] && view.replay) {
    view.replay.speed = SPEEDS[key];
    render();
  } else if (key === "h" || key === "?") {
    toggleHelp();
  } else if (e.key === "Escape" && view.help) {
    toggleHelp(false);
  } else if (e.key === "Escape" && view.replay) {
    stopReplay();
  } else {
    return;
  }
  e.preventDefault();
});
