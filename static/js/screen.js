// Projector: the open cards, counts always; dots, mean and spread only once revealed.
// Views on top of that: by role (R), one card large (spotlight, from the control
// page), and a replay of the session's moves (P; Esc returns to live).

import { fmt, readJson, showPicture } from "./live.js";
import { drawArrow, drawCrowd, drawDots, drawResult, fitLabels, layer, toSvg } from "./grid.js";
import { PALETTE_SIZE, connectRoom, stats } from "./room.js";

const root = document.getElementById("ak-screen");
const strings = readJson("ak-strings");
const svg = document.getElementById("ak-screen-grid");
const $ = (id) => document.getElementById(id);
const SVG_NS = "http://www.w3.org/2000/svg";
const ROLE_ORDER = ["kunstenaar", "opbouwwerker", "beleidsmaker", "bewoner", "anders", ""];
const COMPARED = ["kunstenaar", "opbouwwerker"]; // the workshop's two professions
const MAX_GAP_S = 2; // replay: long quiet stretches are shortened to this

const view = { roles: false, replay: null };
const rolesKey = `ak-roles:${root.dataset.socket}`;
try {
  view.roles = sessionStorage.getItem(rolesKey) === "1"; // the view survives a reload
} catch {
  /* no storage */
}

const { room, socket } = connectRoom({
  path: root.dataset.socket,
  statusEl: $("ak-status"),
  strings,
  render,
});

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

function svgGroup(parent) {
  const g = document.createElementNS(SVG_NS, "g");
  parent.append(g);
  return g;
}

function byRole(placements) {
  const groups = new Map();
  for (const p of placements) {
    const role = p.role || "";
    if (!groups.has(role)) groups.set(role, []);
    groups.get(role).push(p);
  }
  return groups;
}

/** The spotlight as the projector shows it, or null; a hidden comment is never shown. */
function spotlight() {
  const spot = room.session && room.session.spotlight;
  if (!spot || spot.card == null) return null;
  const card = room.cards.find((c) => c.id === spot.card);
  if (!card) return null;
  let comment = "";
  let role = "";
  if (spot.participant != null) {
    const p = room.placements.get(`${spot.participant}:${card.id}`);
    // The room's copy follows later hide/show changes; the session's is from when it was set.
    comment = p ? (p.hidden ? "" : p.comment || "") : spot.comment || "";
    role = p ? p.role || "" : "";
  }
  return { card, comment, role, participant: spot.participant };
}

// How the room moved between rounds, in words.
function movement(card, current) {
  const rounds = room.history[card.id] || room.history[String(card.id)] || [];
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
  $("ak-participants").textContent = fmt(strings.participants, { n: room.participants.total });
  if (view.replay) return renderReplay();

  const spot = spotlight();
  const open = room.cards.filter((c) => c.open);
  const shown = spot ? (spot.card.revealed ? [spot.card] : []) : open.filter((c) => c.revealed);
  setMode(spot ? "spotlight" : view.roles ? "roles" : "live");

  const banner = $("ak-screen-banner");
  const message =
    room.session.state === "closed"
      ? strings.closed
      : room.session.state === "draft"
        ? strings.draft
        : open.length || spot
          ? ""
          : strings.no_cards;
  banner.hidden = !message;
  banner.textContent = message;

  renderCardList(spot ? [spot.card] : open);
  renderGrid(shown);
  renderSpotlight(spot);
  renderComments(spot ? [] : shown);
  renderRolePanel(shown);
}

function setMode(mode) {
  for (const m of ["live", "roles", "spotlight", "replay"]) root.classList.toggle(`ak-mode-${m}`, m === mode);
  $("ak-spotlight").hidden = mode !== "spotlight";
  $("ak-role-panel").hidden = !view.roles || mode === "spotlight";
  $("ak-replay").hidden = mode !== "replay";
  $("ak-role-toggle").setAttribute("aria-pressed", String(view.roles));
  const replayToggle = $("ak-replay-toggle");
  if (replayToggle) replayToggle.setAttribute("aria-pressed", String(mode === "replay"));
}

function renderCardList(cards) {
  const list = $("ak-screen-cards");
  list.replaceChildren();
  for (const card of cards) {
    const li = node("li", `ak-screen-card ${card.revealed ? "ak-screen-card-revealed" : ""}`);
    const swatch = node("span", `ak-swatch ${card.revealed ? colour(card) : "ak-swatch-hidden"}`, room.cardNumber(card));
    swatch.setAttribute("aria-hidden", "true");
    const placements = room.placementsOf(card.id);
    const bits = [fmt(strings.placements, { n: placements.length })];
    bits.push(card.revealed ? strings.revealed : strings.hidden);
    if (card.locked) bits.push(strings.locked);
    li.append(swatch, node("span", "ak-screen-card-title", card.title), node("span", "ak-screen-card-meta", bits.join(" · ")));
    if (card.revealed) {
      const words = movement(card, stats(placements));
      if (words) li.append(node("span", "ak-screen-card-move", words));
    }
    list.append(li);
  }
}

function renderGrid(shown) {
  const dots = [];
  const results = layer(svg, "ak-results");
  results.replaceChildren();
  const marks = layer(svg, "ak-marks", { above: true });
  marks.replaceChildren();
  for (const card of shown) {
    const placements = room.placementsOf(card.id);
    for (const p of placements) {
      const cls = view.roles ? roleClass(p.role) : colour(card);
      dots.push({ x: p.x, y: p.y, cls: `ak-dot ${cls}`, square: p.source === "paper" });
    }
    const s = stats(placements);
    if (view.roles) {
      // One mean per role, labelled with the card's number.
      const means = [];
      for (const [role, group] of byRole(placements)) {
        if (group.length < 2) continue; // one person's mean is their own dot
        const rs = stats(group);
        means.push({ x: rs.mean[0], y: rs.mean[1], r: 30, cls: `ak-role-mean ${roleClass(role)}`, label: String(room.cardNumber(card)) });
      }
      // The gap the dialogue is about: a line between the two professions' means.
      const groups = byRole(placements);
      const [a, b] = COMPARED.map((role) => stats(groups.get(role) || []));
      if (a.n && b.n) {
        const { cx: x1, cy: y1 } = toSvg(svg, a.mean[0], a.mean[1]);
        const { cx: x2, cy: y2 } = toSvg(svg, b.mean[0], b.mean[1]);
        const line = document.createElementNS(SVG_NS, "line");
        for (const [k, v] of Object.entries({ x1, y1, x2, y2 })) line.setAttribute(k, v.toFixed(1));
        line.setAttribute("class", "ak-role-gap");
        svgGroup(marks).append(line);
      }
      drawDots(svgGroup(marks), means);
      for (const label of marks.querySelectorAll("text.ak-dot-label")) label.setAttribute("class", "ak-role-mean-label");
      continue;
    }
    if (s.n) drawResult(svgGroup(results), { mean: s.mean, spread: s.spread, cls: colour(card), showMean: false });
    // Where the room stood in earlier rounds, and the way it went since.
    const rounds = room.history[card.id] || room.history[String(card.id)] || [];
    for (const earlier of s.n ? rounds : []) {
      if (earlier.mean) drawArrow(svgGroup(marks), earlier.mean, s.mean, colour(card), String(earlier.round));
    }
    drawResult(svgGroup(marks), { mean: s.mean, agreed: card.agreed || null, cls: colour(card) });
  }
  drawCrowd(svg, dots, 14);
  $("ak-paper-note").hidden = !dots.some((d) => d.square);
}

function renderSpotlight(spot) {
  if (!spot) return;
  $("ak-spotlight-title").textContent = spot.card.title;
  $("ak-spotlight-description").textContent = spot.card.description || "";
  $("ak-spotlight-description").hidden = !spot.card.description;
  showPicture($("ak-spotlight-figure"), spot.card);
  const quote = $("ak-spotlight-comment");
  quote.hidden = !spot.comment;
  $("ak-spotlight-comment-text").textContent = spot.comment;
  $("ak-spotlight-comment-role").textContent = spot.role ? roleName(spot.role) : "";
}

function renderComments(shown) {
  const list = $("ak-screen-comment-list");
  list.replaceChildren();
  for (const card of shown) {
    for (const p of room.placementsOf(card.id)) {
      // The server blanks hidden comments for the projector; check anyway.
      if (!p.comment || p.hidden) continue;
      const li = node("li", "ak-screen-comment");
      const swatch = node("span", `ak-swatch ak-swatch-small ${colour(card)}`, room.cardNumber(card));
      swatch.setAttribute("aria-hidden", "true");
      li.append(swatch, node("span", "ak-screen-comment-text", p.comment));
      list.append(li);
    }
  }
  $("ak-screen-comments").hidden = !list.children.length;
}

function renderRolePanel(shown) {
  if (!view.roles) return;
  const legend = $("ak-role-legend");
  legend.replaceChildren();
  const all = shown.flatMap((card) => room.placementsOf(card.id));
  const counts = byRole(all);
  for (const role of ROLE_ORDER) {
    if (!counts.has(role)) continue;
    const li = node("li", "ak-role-legend-item");
    const swatch = node("span", `ak-role-swatch ${roleClass(role)}`);
    swatch.setAttribute("aria-hidden", "true");
    li.append(swatch, node("span", "", fmt(strings.role_count, { role: roleName(role), n: counts.get(role).length })));
    legend.append(li);
  }
  if (legend.children.length) {
    const li = node("li", "ak-role-legend-item ak-role-legend-mean");
    const swatch = node("span", "ak-role-swatch ak-role-swatch-mean", "1");
    swatch.setAttribute("aria-hidden", "true");
    li.append(swatch, node("span", "", strings.role_mean_note));
    legend.append(li);
  }
  // Dialogue material: the revealed cards where the two professions' means lie furthest apart.
  const rows = [];
  for (const card of room.cards.filter((c) => c.revealed)) {
    const groups = byRole(room.placementsOf(card.id));
    const [a, b] = COMPARED.map((role) => stats(groups.get(role) || []));
    if (!a.n || !b.n) continue;
    rows.push({ card, d: Math.hypot(a.mean[0] - b.mean[0], a.mean[1] - b.mean[1]) });
  }
  rows.sort((p, q) => q.d - p.d);
  const list = $("ak-role-differ");
  list.replaceChildren();
  for (const { card, d } of rows.slice(0, 5)) {
    const how = d >= 0.7 ? strings.differ_far : d >= 0.3 ? strings.differ_some : strings.differ_close;
    list.append(node("li", "ak-role-differ-item", fmt(strings.role_differ_item, { card: card.title, how, d: number(d) })));
  }
  if (!rows.length) list.append(node("li", "ak-role-differ-none", strings.role_differ_none));
}

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

$("ak-role-toggle").addEventListener("click", toggleRoles);

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

function renderReplay() {
  const replay = view.replay;
  setMode("replay");
  $("ak-screen-banner").hidden = true;
  $("ak-spotlight").hidden = true;
  $("ak-screen-comments").hidden = true;
  renderCardList(room.cards.filter((c) => c.revealed)); // the colours' legend
  layer(svg, "ak-results").replaceChildren();
  layer(svg, "ak-marks", { above: true }).replaceChildren();
  const dots = [];
  for (const e of replay.dots.values()) {
    const card = room.cards.find((c) => c.id === e.card);
    const cls = view.roles ? roleClass(e.role) : card ? colour(card) : "ak-c0";
    dots.push({ x: e.x, y: e.y, cls: `ak-dot ${cls}` });
  }
  drawCrowd(svg, dots, 14);
  $("ak-paper-note").hidden = true;
  if (view.roles) renderRolePanel(room.cards.filter((c) => c.revealed));
  $("ak-replay-time").textContent =
    replay.note || fmt(strings.replay_time, { t: clock(replay.t), total: clock(replay.total) });
  $("ak-replay-play").textContent = replay.playing ? strings.replay_pause : strings.replay_play;
  for (const b of document.querySelectorAll(".ak-replay-speed")) {
    b.setAttribute("aria-pressed", String(Number(b.dataset.speed) === replay.speed));
  }
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
  const toggle = $("ak-replay-toggle");
  if (toggle && root.contains(document.activeElement) && $("ak-replay").contains(document.activeElement)) toggle.focus();
}

const replayToggle = $("ak-replay-toggle");
if (replayToggle) replayToggle.addEventListener("click", () => (view.replay ? stopReplay() : startReplay()));
$("ak-replay-play").addEventListener("click", playPause);
$("ak-replay-live").addEventListener("click", () => {
  stopReplay();
  if (replayToggle) replayToggle.focus();
});
for (const b of document.querySelectorAll(".ak-replay-speed")) {
  b.addEventListener("click", () => {
    if (!view.replay) return;
    view.replay.speed = Number(b.dataset.speed);
    render();
  });
}

// Keyboard: the facilitator's laptop drives the projector.
document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  if (e.target.closest && e.target.closest("input, textarea, select")) return;
  const key = e.key.toLowerCase();
  if (key === "r") {
    toggleRoles();
  } else if (key === "p") {
    if (view.replay) playPause();
    else startReplay();
  } else if (e.key === "Escape" && view.replay) {
    stopReplay();
  } else {
    return;
  }
  e.preventDefault();
});

fitLabels(svg);
