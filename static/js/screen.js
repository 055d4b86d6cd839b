// Projector: the open cards, counts always; dots, mean and spread only once revealed.

import { LiveSocket, fmt, readJson, statusReporter } from "./live.js";
import { drawDots, drawResult, dotsLayer, fitLabels, layer } from "./grid.js";
import { PALETTE_SIZE, Room, stats } from "./room.js";

const root = document.getElementById("ak-screen");
const strings = readJson("ak-strings");
const svg = document.getElementById("ak-screen-grid");
const $ = (id) => document.getElementById(id);

const room = new Room({ onChange: () => schedule(), requestSync: () => socket.sync() });
const socket = new LiveSocket({
  path: root.dataset.socket,
  onMessage: (msg) => room.handle(msg),
  onStatus: statusReporter($("ak-status"), strings),
});

// Many updates per second in a busy room: draw at most once per frame.
let frame = 0;
function schedule() {
  if (!frame) frame = requestAnimationFrame(() => {
    frame = 0;
    render();
  });
}

function colour(card) {
  return `ak-c${(room.cardNumber(card) - 1) % PALETTE_SIZE}`;
}

function render() {
  if (!room.session) return;
  $("ak-participants").textContent = fmt(strings.participants, { n: room.participants.total });

  const open = room.cards.filter((c) => c.open);
  const shown = open.filter((c) => c.revealed);

  const banner = $("ak-screen-banner");
  const message =
    room.session.state === "closed" ? strings.closed : room.session.state === "draft" ? strings.draft : open.length ? "" : strings.no_cards;
  banner.hidden = !message;
  banner.textContent = message;

  const list = $("ak-screen-cards");
  list.replaceChildren();
  for (const card of open) {
    const li = document.createElement("li");
    li.className = `ak-screen-card ${card.revealed ? "ak-screen-card-revealed" : ""}`;
    const swatch = document.createElement("span");
    swatch.className = `ak-swatch ${card.revealed ? colour(card) : "ak-swatch-hidden"}`;
    swatch.setAttribute("aria-hidden", "true");
    swatch.textContent = room.cardNumber(card);
    const title = document.createElement("span");
    title.className = "ak-screen-card-title";
    title.textContent = card.title;
    const meta = document.createElement("span");
    meta.className = "ak-screen-card-meta";
    const bits = [fmt(strings.placements, { n: room.placementsOf(card.id).length })];
    bits.push(card.revealed ? strings.revealed : strings.hidden);
    if (card.locked) bits.push(strings.locked);
    meta.textContent = bits.join(" · ");
    li.append(swatch, title, meta);
    list.append(li);
  }

  const dots = [];
  const results = layer(svg, "ak-results");
  results.replaceChildren();
  const marks = layer(svg, "ak-marks", { above: true });
  marks.replaceChildren();
  for (const card of shown) {
    const placements = room.placementsOf(card.id);
    for (const p of placements) dots.push({ x: p.x, y: p.y, cls: `ak-dot ${colour(card)}` });
    const s = stats(placements);
    const g = document.createElementNS("http://www.w3.org/2000/svg", "g");
    results.append(g);
    if (s.n) drawResult(g, { mean: s.mean, spread: s.spread, cls: colour(card), showMean: false });
    const m = document.createElementNS("http://www.w3.org/2000/svg", "g");
    marks.append(m);
    drawResult(m, { mean: s.mean, agreed: card.agreed || null, cls: colour(card) });
  }
  drawDots(dotsLayer(svg), dots);
}

fitLabels(svg);
