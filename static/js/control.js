// Facilitator's control page: per-card actions, agreed position, notes, session state.

import { fmt, readJson } from "./live.js";
import { clamp, describe, drawCrowd, drawDots, drawResult, dotsLayer, fitLabels, layer, relabel, round, toData } from "./grid.js";
import { connectRoom, stats } from "./room.js";

const root = document.getElementById("ak-control");
const strings = readJson("ak-strings");
const svg = document.getElementById("ak-control-grid");
const $ = (id) => document.getElementById(id);

let selected = null; // card id shown in the detail panel
let notesDirty = false;
// The sheet being typed in; kept for this tab, so a reload continues the same sheet.
const paperKey = `ak-paper:${root.dataset.socket}`;
const paper = { participant: null, entered: 0, card: null };
try {
  Object.assign(paper, JSON.parse(sessionStorage.getItem(paperKey) || "{}"));
} catch {
  /* no storage: a reload starts a new sheet */
}
function keepSheet() {
  try {
    sessionStorage.setItem(paperKey, JSON.stringify(paper));
  } catch {
    /* as above */
  }
}

const { room, socket } = connectRoom({
  path: root.dataset.socket,
  statusEl: $("ak-status"),
  strings,
  render,
});

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
  for (const grid of [svg, paperSvg]) relabel(grid, room.session.axes); // edited meanwhile
  renderSession();
  renderLive();
  keepFocus($("ak-card-rows"), renderRows);
  renderDetail();
  renderPaper();
}

/** Re-render a container without losing the keyboard focus of a button in it. */
function keepFocus(container, draw) {
  const focused = document.activeElement;
  const key = focused && container.contains(focused) && focused.dataset ? focused.dataset.key : null;
  draw();
  if (!key) return;
  const again = container.querySelector(`[data-key="${CSS.escape(key)}"]`) || container.querySelector(`[data-key^="${CSS.escape(key.split(":")[0])}:"]`);
  if (again) again.focus();
}

function spotlightOf(cardId, participant = null) {
  const spot = room.session.spotlight;
  return Boolean(spot && spot.card === cardId && (spot.participant ?? null) === participant);
}

function renderLive() {
  const spot = room.session.spotlight;
  const card = spot ? room.cards.find((c) => c.id === spot.card) : null;
  $("ak-spotlight-text").textContent = card ? fmt(strings.spotlight_now, { card: card.title }) : strings.spotlight_off;
  $("ak-spotlight-end").hidden = !card;
  $("ak-spotlight-bar").classList.toggle("ak-spotlight-bar-on", Boolean(card));
  for (const radio of document.querySelectorAll('input[name="ak-moderation"]')) {
    radio.checked = radio.value === (room.session.moderation || "open");
  }
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
    fmt(strings.participants, { n: room.participants.total, k: room.participants.took_part ?? 0 }) + (byRole.length ? ` (${byRole.join(", ")})` : "");
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
  b.dataset.key = `${card.id}:${action}`;
  b.textContent = label;
  return b;
}

function renderRows() {
  const list = $("ak-card-rows");
  if (selected === null && room.cards.length) {
    selected = (room.cards.find((c) => c.open) || room.cards[0]).id;
  }
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
    pick.dataset.key = `${card.id}:select`;
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
    if (card.round > 1) bits.push(fmt(strings.round_n, { n: card.round }));
    meta.textContent = bits.join(" · ");
    pick.append(num, title, meta);

    const actions = document.createElement("div");
    actions.className = "ak-card-actions";
    actions.append(
      card.open ? actionButton(card, "close", strings.close) : actionButton(card, "open", strings.open, "ak-button-primary"),
      card.revealed ? actionButton(card, "hide", strings.hide) : actionButton(card, "reveal", strings.reveal),
      card.locked ? actionButton(card, "unlock", strings.unlock) : actionButton(card, "lock", strings.lock),
      actionButton(card, "reset", strings.reset, "ak-button-quiet"),
      actionButton(card, "round", strings.round, "ak-button-quiet"),
    );
    const spot = actionButton(card, "spotlight", strings.spotlight);
    spot.setAttribute("aria-pressed", String(spotlightOf(card.id)));
    spot.setAttribute("aria-label", `${strings.spotlight}: ${card.title}`);
    actions.append(spot);
    li.append(pick, actions);
    list.append(li);
  }
}

function renderDetail() {
  const card = room.cards.find((c) => c.id === selected);
  if (!card) return;
  $("ak-detail-title").textContent = `${room.cardNumber(card)}. ${card.title}`;
  const placements = room.placementsOf(card.id);
  const s = stats(placements);
  $("ak-detail-meta").textContent =
    fmt(strings.placements, { n: s.n }) + (card.round > 1 ? ` · ${fmt(strings.round_n, { n: card.round })}` : "");
  renderRounds(card);
  keepFocus($("ak-comments"), () => renderComments(card, placements));
  drawCrowd(
    svg,
    placements.map((p) => ({ x: p.x, y: p.y, cls: "ak-dot ak-c0", title: p.comment || "", square: p.source === "paper" })),
    22,
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

/** The card's earlier rounds, oldest first, so the facilitator can say how the room moved. */
function renderRounds(card) {
  const earlier = room.history[card.id] || [];
  const rows = [];
  for (let n = 1; n < card.round; n++) {
    const result = earlier.find((r) => r.round === n);
    const tr = document.createElement("tr");
    const round = document.createElement("th");
    round.scope = "row";
    round.textContent = n;
    const count = document.createElement("td");
    count.className = "ak-num";
    count.textContent = result ? result.n : 0;
    const where = document.createElement("td");
    where.textContent = result && result.mean ? words(result.mean[0], result.mean[1]) : strings.round_nobody;
    tr.append(round, count, where);
    rows.push(tr);
  }
  $("ak-rounds-rows").replaceChildren(...rows);
  $("ak-rounds").hidden = !rows.length;
}

// What the comment list was last built from: placements without a new comment
// arrive many times a second in a busy room and must not rebuild the list
// (and its buttons) under the facilitator's keyboard or screen reader.
let commentsShown = "";

function renderComments(card, placements) {
  const list = $("ak-comments");
  const pending = room.session.moderation === "pre";
  const shown = JSON.stringify([
    card.id,
    pending,
    room.session.spotlight,
    placements.filter((p) => p.comment).map((p) => [p.participant, p.comment, p.hidden, p.role, p.source]),
  ]);
  if (shown === commentsShown) return;
  commentsShown = shown;
  list.replaceChildren();
  for (const p of placements) {
    if (!p.comment) continue;
    const li = document.createElement("li");
    li.className = `ak-comment ${p.hidden ? "ak-comment-hidden" : ""}`;
    const text = document.createElement("p");
    text.className = "ak-comment-text";
    text.id = `ak-comment-${card.id}-${p.participant}`;
    text.textContent = p.comment;
    const meta = document.createElement("p");
    meta.className = "ak-comment-meta";
    const badge = document.createElement("span");
    badge.className = `ak-badge ${p.hidden ? "ak-badge-hidden" : "ak-badge-visible"}`;
    badge.textContent = p.hidden ? (pending ? strings.comment_pending : strings.comment_hidden) : strings.comment_visible;
    const who = document.createElement("span");
    who.textContent = p.source === "paper" ? fmt(strings.comment_by, { role: strings.roles[p.role] || strings.role_none }) : strings.roles[p.role] || strings.role_none;
    meta.append(badge, " ", who);
    const actions = document.createElement("div");
    actions.className = "ak-comment-buttons";
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = `ak-button ak-button-small ${p.hidden ? "ak-button-primary" : ""}`;
    toggle.dataset.action = p.hidden ? "show" : "hide";
    toggle.dataset.participant = p.participant;
    toggle.dataset.key = `c${p.participant}:toggle`;
    toggle.textContent = p.hidden ? strings.comment_show : strings.comment_hide;
    toggle.setAttribute("aria-describedby", text.id);
    actions.append(toggle);
    if (!p.hidden) {
      const big = document.createElement("button");
      big.type = "button";
      big.className = "ak-button ak-button-small";
      big.dataset.action = "spotlight";
      big.dataset.participant = p.participant;
      big.dataset.key = `c${p.participant}:spotlight`;
      big.textContent = strings.spotlight;
      big.setAttribute("aria-pressed", String(spotlightOf(card.id, p.participant)));
      big.setAttribute("aria-describedby", text.id);
      actions.append(big);
    }
    li.append(text, meta, actions);
    list.append(li);
  }
  if (!list.children.length) {
    const li = document.createElement("li");
    li.className = "ak-comments-none";
    li.textContent = strings.comments_none;
    list.append(li);
  }
}

// Paper votes ----------------------------------------------------------------

const paperSvg = svg.cloneNode(true);
paperSvg.id = "ak-paper-grid";
paperSvg.setAttribute("class", "ak-grid ak-grid-control ak-grid-paper");
for (const g of paperSvg.querySelectorAll("g")) g.remove();
$("ak-paper-grid-box").append(paperSvg);

const roleSelect = $("ak-paper-role");
for (const [value, label] of [["", strings.role_none], ...Object.entries(strings.roles)]) {
  const option = document.createElement("option");
  option.value = value;
  option.textContent = label;
  roleSelect.append(option);
}

function renderPaper() {
  const select = $("ak-paper-card");
  const current = paper.card ?? (select.value ? Number(select.value) : null);
  if (select.options.length !== room.cards.length || [...select.options].some((o, i) => o.textContent !== `${i + 1}. ${room.cards[i].title}`)) {
    select.replaceChildren();
    for (const card of room.cards) {
      const option = document.createElement("option");
      option.value = card.id;
      option.textContent = `${room.cardNumber(card)}. ${card.title}`;
      select.append(option);
    }
  }
  if (current !== null && room.cards.some((c) => c.id === current)) select.value = String(current);
  paper.card = select.value ? Number(select.value) : null;
  roleSelect.disabled = paper.participant !== null;
  $("ak-paper-sheet").textContent =
    paper.participant === null ? strings.paper_sheet_new : fmt(strings.paper_sheet, { participant: paper.participant, n: paper.entered });
  // This sheet's crosses so far, numbered by card.
  const sheet = [];
  for (const card of paper.participant === null ? [] : room.cards) {
    const p = room.placements.get(`${paper.participant}:${card.id}`);
    if (p) sheet.push({ x: p.x, y: p.y, r: 22, cls: "ak-dot ak-c0", square: true, label: String(room.cardNumber(card)) });
  }
  drawDots(dotsLayer(paperSvg), sheet);
}

function paperVote(x, y) {
  const card = room.cards.find((c) => c.id === paper.card);
  if (!card) {
    $("ak-paper-status").textContent = strings.paper_pick_card;
    return;
  }
  x = round(clamp(x));
  y = round(clamp(y));
  const msg = { type: "paper", card: card.id, x, y, comment: $("ak-paper-comment").value.trim() };
  if (paper.participant === null) msg.role = roleSelect.value;
  else msg.participant = paper.participant;
  send(msg)
    .then((ack) => {
      if (ack.participant != null) paper.participant = ack.participant;
      paper.entered += 1;
      $("ak-paper-status").textContent = fmt(strings.paper_saved, { card: card.title, where: words(x, y) });
      $("ak-paper-comment").value = "";
      $("ak-paper-x").value = "";
      $("ak-paper-y").value = "";
      // The sheet's next card, ready for its cross.
      const i = room.cards.findIndex((c) => c.id === card.id);
      if (i >= 0 && i + 1 < room.cards.length) paper.card = room.cards[i + 1].id;
      keepSheet();
      render();
    })
    .catch(() => {});
}

paperSvg.addEventListener("click", (e) => {
  const pos = toData(paperSvg, e.clientX, e.clientY);
  if (pos && pos.inside) paperVote(pos.x, pos.y);
});
$("ak-paper-card").addEventListener("change", (e) => {
  paper.card = Number(e.target.value);
  keepSheet();
  render();
});
$("ak-paper-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const x = Number($("ak-paper-x").value);
  const y = Number($("ak-paper-y").value);
  if ($("ak-paper-x").value === "" || $("ak-paper-y").value === "" || !Number.isFinite(x) || !Number.isFinite(y)) {
    $("ak-paper-x").reportValidity();
    return;
  }
  paperVote(x, y);
});
$("ak-paper-next").addEventListener("click", () => {
  paper.participant = null;
  paper.entered = 0;
  paper.card = room.cards.length ? room.cards[0].id : null;
  keepSheet();
  $("ak-paper-status").textContent = strings.paper_sheet_new;
  render();
});

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
  const card = room.cards.find((c) => c.id === cardId);
  if (action === "spotlight") {
    send({ type: "spotlight", card: spotlightOf(cardId) ? null : cardId, participant: null }).catch(() => {});
    render();
    return;
  }
  if (action === "reset" || action === "round") {
    const question = action === "reset" ? strings.reset_confirm : strings.round_confirm;
    if (!window.confirm(fmt(question, { card: card ? card.title : "" }))) return;
  }
  send({ type: "card", card: cardId, action }).catch(() => {});
  render();
});

$("ak-comments").addEventListener("click", (e) => {
  const button = e.target.closest("button[data-action]");
  if (!button || selected === null) return;
  const participant = Number(button.dataset.participant);
  if (button.dataset.action === "spotlight") {
    const on = spotlightOf(selected, participant);
    send({ type: "spotlight", card: on ? null : selected, participant: on ? null : participant }).catch(() => {});
  } else {
    send({ type: "hide_comment", card: selected, participant, hidden: button.dataset.action === "hide" }).catch(() => {});
  }
});

$("ak-spotlight-end").addEventListener("click", () => {
  send({ type: "spotlight", card: null, participant: null }).catch(() => {});
});

for (const radio of document.querySelectorAll('input[name="ak-moderation"]')) {
  radio.addEventListener("change", () => {
    if (radio.checked) send({ type: "moderation", mode: radio.value }).then(() => toast("")).catch(() => {});
  });
}

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
fitLabels(paperSvg);
