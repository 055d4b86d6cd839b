// Facilitator's control page: per-card actions, agreed position, notes, session state.

import { LiveSocket, fmt, readJson, statusReporter } from "./live.js";
import { describe, drawDots, drawResult, dotsLayer, fitLabels, layer, toData } from "./grid.js";
import { Room, stats } from "./room.js";

const root = document.getElementById("ak-control");
const strings = readJson("ak-strings");
const svg = document.getElementById("ak-control-grid");
const $ = (id) => document.getElementById(id);

let selected = null; // card id shown in the detail panel
let notesDirty = false;

const room = new Room({ onChange: () => schedule(), requestSync: () => socket.sync() });
const socket = new LiveSocket({
  path: root.dataset.socket,
  onMessage: (msg) => room.handle(msg),
  onStatus: statusReporter($("ak-status"), strings),
});

let frame = 0;
function schedule() {
  if (!frame) frame = requestAnimationFrame(() => {
    frame = 0;
    render();
  });
}

function toast(text) {
  const el = $("ak-toast");
  el.textContent = text;
  el.hidden = !text;
  clearTimeout(toast.timer);
  if (text) toast.timer = setTimeout(() => (el.hidden = true), 6000);
}

function send(fields) {
  return socket.send(fields).catch((err) => {
    toast(fmt(strings.error, { message: err.message || err.code }));
    throw err;
  });
}

function words(x, y) {
  return fmt(strings.where, describe(room.session.axes, strings, x, y));
}

// Rendering ------------------------------------------------------------------

function render() {
  if (!room.session) return;
  renderSession();
  renderRows();
  renderDetail();
}

function renderSession() {
  const s = room.session.state;
  const badge = $("ak-session-state");
  badge.className = `ak-state ak-state-${s}`;
  badge.textContent = strings[`session_${s}`] || s;
  const byRole = Object.entries(room.participants.by_role || {})
    .filter(([, n]) => n > 0)
    .map(([role, n]) => `${strings.roles[role] || strings.role_none} ${n}`);
  $("ak-participants").textContent =
    fmt(strings.participants, { n: room.participants.total }) + (byRole.length ? ` (${byRole.join(", ")})` : "");
  const toggle = $("ak-session-toggle");
  const action = s === "open" ? "close" : "open";
  toggle.dataset.action = action;
  toggle.textContent = action === "open" ? strings.open_session : strings.close_session;
  toggle.classList.toggle("ak-button-danger", action === "close");
  toggle.classList.toggle("ak-button-primary", action === "open");

  const notes = $("ak-notes");
  if (!notesDirty && document.activeElement !== notes && typeof room.session.notes === "string") {
    notes.value = room.session.notes;
  }
}

function actionButton(card, action, label, extra = "") {
  const b = document.createElement("button");
  b.type = "button";
  b.className = `ak-button ak-button-small ${extra}`;
  b.dataset.card = card.id;
  b.dataset.action = action;
  b.textContent = label;
  return b;
}

function renderRows() {
  const list = $("ak-card-rows");
  if (selected === null && room.cards.length) {
    selected = (room.cards.find((c) => c.open) || room.cards[0]).id;
  }
  const focused = document.activeElement;
  const focusKey = focused && focused.dataset && focused.dataset.card ? `${focused.dataset.card}:${focused.dataset.action}` : null;
  list.replaceChildren();
  for (const card of room.cards) {
    const li = document.createElement("li");
    li.className = "ak-card-row";
    if (card.id === selected) li.classList.add("ak-card-row-selected");
    if (card.open) li.classList.add("ak-card-row-open");

    const pick = document.createElement("button");
    pick.type = "button";
    pick.className = "ak-card-pick";
    pick.dataset.card = card.id;
    pick.dataset.action = "select";
    pick.setAttribute("aria-pressed", String(card.id === selected));
    const num = document.createElement("span");
    num.className = "ak-chip-num";
    num.textContent = room.cardNumber(card);
    const title = document.createElement("span");
    title.className = "ak-card-pick-title";
    title.textContent = card.title;
    const meta = document.createElement("span");
    meta.className = "ak-card-pick-meta";
    const bits = [fmt(strings.placements, { n: room.placementsOf(card.id).length })];
    bits.push(card.open ? strings.state_open : strings.state_closed);
    if (card.revealed) bits.push(strings.state_revealed);
    if (card.locked) bits.push(strings.state_locked);
    meta.textContent = bits.join(" · ");
    pick.append(num, title, meta);

    const actions = document.createElement("div");
    actions.className = "ak-card-actions";
    actions.append(
      card.open ? actionButton(card, "close", strings.close) : actionButton(card, "open", strings.open, "ak-button-primary"),
      card.revealed ? actionButton(card, "hide", strings.hide) : actionButton(card, "reveal", strings.reveal),
      card.locked ? actionButton(card, "unlock", strings.unlock) : actionButton(card, "lock", strings.lock),
      actionButton(card, "reset", strings.reset, "ak-button-quiet"),
    );
    li.append(pick, actions);
    list.append(li);
  }
  if (focusKey) {
    const [cardId, action] = focusKey.split(":");
    const again =
      list.querySelector(`button[data-card="${CSS.escape(cardId)}"][data-action="${CSS.escape(action)}"]`) ||
      list.querySelector(`button[data-card="${CSS.escape(cardId)}"][data-action="select"]`);
    if (again) again.focus();
  }
}

function renderDetail() {
  const card = room.cards.find((c) => c.id === selected);
  if (!card) return;
  $("ak-detail-title").textContent = `${room.cardNumber(card)}. ${card.title}`;
  const placements = room.placementsOf(card.id);
  const s = stats(placements);
  $("ak-detail-meta").textContent = fmt(strings.placements, { n: s.n });
  drawDots(
    dotsLayer(svg),
    placements.map((p) => ({ x: p.x, y: p.y, cls: "ak-dot ak-c0", title: p.comment || "" })),
  );
  drawResult(layer(svg, "ak-results"), s.n ? { mean: s.mean, spread: s.spread, cls: "ak-c0", showMean: false } : {});
  drawResult(layer(svg, "ak-marks", { above: true }), { mean: s.mean, agreed: card.agreed || null, cls: "ak-c0" });

  const agreedText = $("ak-agreed-text");
  agreedText.textContent = card.agreed ? fmt(strings.agreed, { where: words(card.agreed[0], card.agreed[1]) }) : strings.agreed_none;
  const fx = $("ak-agreed-x");
  const fy = $("ak-agreed-y");
  if (document.activeElement !== fx && document.activeElement !== fy) {
    fx.value = card.agreed ? card.agreed[0] : "";
    fy.value = card.agreed ? card.agreed[1] : "";
  }
}

// Actions --------------------------------------------------------------------

$("ak-card-rows").addEventListener("click", (e) => {
  const button = e.target.closest("button[data-action]");
  if (!button) return;
  const cardId = Number(button.dataset.card);
  const action = button.dataset.action;
  if (action === "select") {
    selected = cardId;
    render();
    return;
  }
  selected = cardId;
  if (action === "reset") {
    const card = room.cards.find((c) => c.id === cardId);
    if (!window.confirm(fmt(strings.reset_confirm, { card: card ? card.title : "" }))) return;
  }
  send({ type: "card", card: cardId, action }).catch(() => {});
  render();
});

$("ak-session-toggle").addEventListener("click", (e) => {
  const action = e.currentTarget.dataset.action;
  if (action === "close" && !window.confirm(strings.close_session_confirm)) return;
  send({ type: "session", action }).catch(() => {});
});

function setAgreed(x, y) {
  if (selected === null) return;
  send({ type: "agreed", card: selected, x, y }).catch(() => {});
}

svg.addEventListener("click", (e) => {
  const pos = toData(svg, e.clientX, e.clientY);
  if (pos && pos.inside) setAgreed(pos.x, pos.y);
});

$("ak-agreed-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const x = Number($("ak-agreed-x").value);
  const y = Number($("ak-agreed-y").value);
  if (Number.isFinite(x) && Number.isFinite(y)) setAgreed(Math.max(-1, Math.min(1, x)), Math.max(-1, Math.min(1, y)));
});
$("ak-agreed-clear").addEventListener("click", () => setAgreed(null, null));

// Notes: saved a second after typing stops, and when leaving the field.
const notes = $("ak-notes");
let notesTimer = 0;
function saveNotes() {
  clearTimeout(notesTimer);
  if (!notesDirty) return;
  notesDirty = false;
  const status = $("ak-notes-status");
  status.textContent = strings.saving;
  send({ type: "notes", text: notes.value })
    .then(() => {
      status.textContent = strings.saved;
    })
    .catch((err) => {
      notesDirty = true;
      status.textContent = fmt(strings.error, { message: err.message || err.code });
    });
}
notes.addEventListener("input", () => {
  notesDirty = true;
  clearTimeout(notesTimer);
  notesTimer = setTimeout(saveNotes, 1000);
});
notes.addEventListener("blur", saveNotes);

fitLabels(svg);
