// Facilitator's control page, a run of show: the card under discussion with its
// actions in one place that does not move, the other cards as a short list with
// each one's next step, what the data suggests to discuss next, the agreed
// position set on the grid (drag, tap or arrow keys; shown in words), comments,
// paper votes, notes, and after the close everything for afterwards on top.

import { fmt, readJson } from "./live.js";
import { clamp, describe, drawCrowd, drawDots, drawResult, dotsLayer, fitLabels, layer, relabel, round, toData } from "./grid.js";
import { ROOM, connectRoom, foldSmallGroups, stats } from "./room.js";
import { core, resultSentence } from "./findings.js";
import { suggestions } from "./starter.js";

const root = document.getElementById("ak-control");
const strings = readJson("ak-strings");
const svg = document.getElementById("ak-control-grid");
const $ = (id) => document.getElementById(id);

let selected = null; // card id of the card under discussion here
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

// A notice from the page before (Saved.) closes with its button.
for (const button of document.querySelectorAll(".ak-notice-close")) {
  button.addEventListener("click", () => {
    const notices = button.closest(".ak-notices");
    button.closest(".ak-notice").remove();
    if (!notices.querySelector(".ak-notice")) notices.remove();
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

function node(tag, cls, text) {
  const n = document.createElement(tag);
  if (cls) n.className = cls;
  if (text !== undefined) n.textContent = text;
  return n;
}

function button(label, { cls = "", data = {} } = {}) {
  const b = node("button", `ak-button ak-button-small ${cls}`.trim(), label);
  b.type = "button";
  for (const [k, v] of Object.entries(data)) b.dataset[k] = String(v);
  return b;
}

function cardById(id) {
  return room.cards.find((c) => c.id === id) || null;
}

// Rendering ------------------------------------------------------------------

function render() {
  if (!room.session) return;
  for (const grid of [svg, paperSvg]) relabel(grid, room.session.axes); // edited meanwhile
  if (selected === null || !cardById(selected)) selected = defaultCard();
  renderSession();
  renderLive();
  keepFocus($("ak-card-rows"), renderRows);
  keepFocus($("ak-now-actions"), renderNow);
  renderDetail();
  keepFocus($("ak-starter-list"), renderStarter);
  renderPaper();
}

/** The card the projector shows: the spotlight's, else the last open card with results shown, else the last open one. */
function defaultCard() {
  const spot = room.session.spotlight;
  if (spot && spot.card != null && cardById(spot.card)) return spot.card;
  const open = room.cards.filter((c) => c.open);
  const revealed = open.filter((c) => c.revealed);
  const pick = revealed.length ? revealed : open;
  if (pick.length) return pick[pick.length - 1].id;
  return room.cards.length ? room.cards[0].id : null;
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

function spotlightOf(cardId, participant = null, round = null) {
  const spot = room.session.spotlight;
  return Boolean(spot && spot.card === cardId && (spot.participant ?? null) === participant && (spot.round ?? null) === round);
}

function renderLive() {
  const spot = room.session.spotlight;
  const card = spot ? cardById(spot.card) : null;
  const text = $("ak-spotlight-text");
  text.textContent = card ? fmt(strings.spotlight_now, { card: card.title }) : strings.spotlight_off;
  text.title = text.textContent; // the whole text, should two lines cut it short
  // Kept in its place, only disabled, so nothing below it moves when the spotlight starts or ends.
  $("ak-spotlight-end").disabled = !card;
  $("ak-spotlight-bar").classList.toggle("ak-spotlight-bar-on", Boolean(card));
  for (const radio of document.querySelectorAll('input[name="ak-moderation"]')) {
    radio.checked = radio.value === (room.session.moderation || "open");
  }
}

function renderSession() {
  const s = room.session.state;
  for (const state of ["draft", "open", "closed"]) root.classList.toggle(`ak-session-${state}`, s === state);
  const badge = $("ak-session-state");
  badge.className = `ak-state ak-state-${s}`;
  badge.textContent = strings[`session_${s}`] || s;
  // One line of fixed width (no list by role): the buttons beside it never move.
  $("ak-participants").textContent = fmt(strings.participants, { n: room.participants.total || 0, k: room.participants.took_part ?? 0 });
  $("ak-after-note").hidden = s !== "closed";
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

function stateWords(card) {
  if (room.session.state === "closed") return [strings.session_closed];
  const bits = [card.open ? strings.state_open : strings.state_closed];
  if (card.revealed) bits.push(strings.state_revealed);
  if (card.locked) bits.push(strings.state_locked);
  if (card.round > 1) bits.push(fmt(strings.round_n, { n: card.round }));
  return bits;
}

/** A card's next step in the run of show: open, show the results, lock, run again. */
function nextStep(card) {
  if (!card.open) return ["open", strings.open];
  if (!card.revealed) return ["reveal", strings.reveal];
  if (!card.locked) return ["lock", strings.lock];
  return ["round", strings.round];
}

function renderRows() {
  const list = $("ak-card-rows");
  list.replaceChildren();
  const closed = room.session.state === "closed";
  for (const card of room.cards) {
    const li = node("li", "ak-card-row");
    li.classList.toggle("ak-card-row-selected", card.id === selected);
    li.classList.toggle("ak-card-row-open", card.open && !closed);
    const pick = button("", { cls: "ak-card-pick", data: { card: card.id, action: "select", key: `${card.id}:select` } });
    pick.className = "ak-card-pick";
    pick.setAttribute("aria-pressed", String(card.id === selected));
    const count = node("span", "ak-card-pick-count", String(room.placementsOf(card.id).length));
    count.setAttribute("aria-label", fmt(strings.placements, { n: room.placementsOf(card.id).length }));
    pick.append(
      node("span", "ak-chip-num", String(room.cardNumber(card))),
      node("span", "ak-card-pick-title", card.title),
      node("span", "ak-card-pick-meta", stateWords(card).join(" · ")),
      count,
    );
    li.append(pick);
    if (!closed) {
      const [action, label] = nextStep(card);
      const quick = button(label, { cls: action === "open" ? "ak-button-primary" : "", data: { card: card.id, rowAction: action, key: `${card.id}:row` } });
      quick.setAttribute("aria-label", `${label}: ${card.title}`);
      li.append(quick);
    }
    list.append(li);
  }
}

/** The card under discussion's actions: always the same buttons in the same places. */
function renderNow() {
  const card = cardById(selected);
  const box = $("ak-now-actions");
  box.replaceChildren();
  if (!card) return;
  const closed = room.session.state === "closed";
  const next = room.cards[room.cards.findIndex((c) => c.id === card.id) + 1] || null;
  const act = (action, label, cls = "") => button(label, { cls, data: { card: card.id, action, key: `now:${action}` } });
  const buttons = [
    card.open ? act("close", strings.close) : act("open", strings.open, "ak-button-primary"),
    card.revealed ? act("hide", strings.hide) : act("reveal", strings.reveal, card.open ? "ak-button-primary" : ""),
    card.locked ? act("unlock", strings.unlock) : act("lock", strings.lock),
    act("round", strings.round),
    act("spotlight", strings.spotlight),
    act("reset", strings.reset, "ak-button-quiet"),
  ];
  buttons[4].setAttribute("aria-pressed", String(spotlightOf(card.id)));
  const openNext = button(next ? fmt(strings.open_next_named, { card: next.title }) : strings.open_next, {
    cls: "ak-now-next",
    data: { card: next ? next.id : "", action: "open-next", key: "now:open-next" },
  });
  openNext.disabled = !next || next.open;
  for (const b of [...buttons, openNext]) {
    b.disabled = b.disabled || closed;
    box.append(b);
  }
}

function renderDetail() {
  const card = cardById(selected);
  if (!card) return;
  $("ak-now-kicker").textContent = fmt(strings.card_of, { i: room.cardNumber(card), n: room.cards.length });
  $("ak-detail-title").textContent = `${room.cardNumber(card)}. ${card.title}`;
  const placements = room.placementsOf(card.id);
  const s = stats(placements);
  $("ak-detail-meta").textContent = [fmt(strings.placements, { n: s.n }), ...stateWords(card)].join(" · ");
  $("ak-now-sentence").textContent = resultSentence(placements, room.session.axes, strings.said);
  renderRounds(card);
  keepFocus($("ak-comments"), () => renderComments(card, placements));
  drawCrowd(
    svg,
    placements.map((p) => ({ x: p.x, y: p.y, cls: "ak-dot ak-c0", title: p.comment || "", square: p.source === "paper" })),
    22,
  );
  const ring = core(placements); // holds two in three placements, as the projector's
  drawResult(layer(svg, "ak-results"), ring ? { mean: ring.mean, ring: ring.radii, cls: "ak-c0", showMean: false } : {});
  const agreed = agreeing.card === card.id && agreeing.at ? agreeing.at : card.agreed || null;
  drawResult(layer(svg, "ak-marks", { above: true }), { mean: s.mean, agreed, cls: "ak-c0" });
  $("ak-agreed-text").textContent = agreed ? fmt(strings.agreed_set, { where: words(agreed[0], agreed[1]) }) : strings.agreed_none;
  $("ak-agreed-clear").disabled = !card.agreed;
}

/** The card's earlier rounds, oldest first, so the facilitator can say how the room moved. */
function renderRounds(card) {
  const earlier = room.history[card.id] || [];
  const rows = [];
  for (let n = 1; n < card.round; n++) {
    const result = earlier.find((r) => r.round === n);
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = n;
    const count = node("td", "ak-num", String(result ? result.n : 0));
    const where = node("td", "", result && result.mean ? words(result.mean[0], result.mean[1]) : strings.round_nobody);
    tr.append(th, count, where);
    rows.push(tr);
  }
  $("ak-rounds-rows").replaceChildren(...rows);
  $("ak-rounds").hidden = !rows.length;
}

// What the comment list was last built from: placements without a new comment
// arrive many times a second in a busy room and must not rebuild the list
// (and its buttons) under the facilitator's keyboard or screen reader.
let commentsShown = "";
// Whose comments are listed: { card, round } (round null: the card's current round).
const commentsOf = { card: null, round: null };

function renderCommentRounds(card) {
  const box = $("ak-comment-rounds");
  if (commentsOf.card !== card.id) Object.assign(commentsOf, { card: card.id, round: null });
  if (commentsOf.round !== null && commentsOf.round >= card.round) commentsOf.round = null;
  box.hidden = card.round < 2;
  const key = `${card.id}:${card.round}:${commentsOf.round}`;
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.replaceChildren();
  for (let n = 1; n <= card.round; n++) {
    const current = n === card.round;
    const b = button(fmt(current ? strings.round_current : strings.round_label, { n }), { data: { round: current ? "" : n, key: `r:${n}` } });
    b.setAttribute("aria-pressed", String(current ? commentsOf.round === null : commentsOf.round === n));
    box.append(b);
  }
}

function renderComments(card, placements) {
  keepFocus($("ak-comment-rounds"), () => renderCommentRounds(card));
  const round = commentsOf.round;
  const list = $("ak-comments");
  const pending = room.session.moderation === "pre";
  const comments = round === null ? placements : room.earlierComments(card.id, round);
  const shown = JSON.stringify([
    card.id,
    round,
    pending,
    room.session.spotlight,
    comments.filter((p) => p.comment).map((p) => [p.participant, p.comment, p.hidden, p.role, p.source, p.featured]),
  ]);
  if (shown === commentsShown) return;
  commentsShown = shown;
  list.replaceChildren();
  // The role each comment may be shown with: its group among those who placed
  // the card (an earlier round: among its commenters), never a lone person's own.
  const groupOf = new Map();
  for (const [group, members] of foldedRoles(round === null ? placements : comments.filter((p) => p.comment))) {
    for (const p of members) groupOf.set(p.participant, group);
  }
  for (const p of comments) {
    if (!p.comment) continue;
    const li = node("li", `ak-comment ${p.hidden ? "ak-comment-hidden" : ""}`);
    const text = node("p", "ak-comment-text", p.comment);
    text.id = `ak-comment-${card.id}-${p.participant}`;
    const meta = node("p", "ak-comment-meta");
    const badge = node("span", `ak-badge ${p.hidden ? "ak-badge-hidden" : "ak-badge-visible"}`,
      p.hidden ? (pending ? strings.comment_pending : strings.comment_hidden) : strings.comment_visible);
    const group = groupOf.get(p.participant) ?? ROOM;
    const role = group === ROOM ? "" : strings.roles[group] || strings.role_none;
    const said = p.source === "paper" ? (role ? fmt(strings.comment_by, { role }) : strings.comment_paper) : role;
    meta.append(badge, " ", said);
    const actions = node("div", "ak-comment-buttons");
    const toggle = button(p.hidden ? strings.comment_show : strings.comment_hide, {
      cls: p.hidden ? "ak-button-primary" : "",
      data: { action: p.hidden ? "show" : "hide", participant: p.participant, key: `c${p.participant}:toggle` },
    });
    toggle.setAttribute("aria-describedby", text.id);
    actions.append(toggle);
    if (!p.hidden) {
      const big = button(strings.spotlight, { data: { action: "spotlight", participant: p.participant, key: `c${p.participant}:spotlight` } });
      big.setAttribute("aria-pressed", String(spotlightOf(card.id, p.participant, round)));
      big.setAttribute("aria-describedby", text.id);
      actions.append(big);
    }
    const feature = button(strings.comment_feature, { data: { action: "feature", participant: p.participant, key: `c${p.participant}:feature` } });
    feature.setAttribute("aria-pressed", String(Boolean(p.featured)));
    feature.setAttribute("aria-describedby", text.id);
    actions.append(feature);
    li.append(text, meta, actions);
    list.append(li);
  }
  if (!list.children.length) list.append(node("li", "ak-comments-none", strings.comments_none));
}

/** Placements (or comments) per role group as screens may show them (participation.fold_roles). */
function foldedRoles(items) {
  const groups = new Map();
  for (const p of items) groups.set(p.role || "", [...(groups.get(p.role || "") || []), p]);
  return foldSmallGroups(groups);
}

function renderStarter() {
  const list = $("ak-starter-list");
  const found = suggestions(room.cards, (id) => room.placementsOf(id), room.history);
  const key = JSON.stringify(found.map((s) => [s.kind, s.card.id, s.card.title]));
  if (list.dataset.key === key) return;
  list.dataset.key = key;
  list.replaceChildren();
  for (const s of found) {
    const li = node("li", `ak-starter-item ak-starter-${s.kind}`);
    li.dataset.card = String(s.card.id);
    li.append(node("p", "ak-starter-text", fmt(strings[`starter_${s.kind}`], { card: `${room.cardNumber(s.card)}. ${s.card.title}` })));
    const show = button(strings.starter_show, { data: { starter: s.card.id, key: `s:${s.kind}` } });
    show.setAttribute("aria-label", `${strings.starter_show}: ${s.card.title}`);
    li.append(show);
    list.append(li);
  }
  if (!found.length) list.append(node("li", "ak-starter-none", strings.starter_none));
}

// The agreed position: a diamond on the grid, dragged, tapped or moved with the arrow keys.

const agreeing = { card: null, at: null, timer: 0, dragging: false };

function startAgreeing(at) {
  agreeing.card = selected;
  agreeing.at = [round(clamp(at[0])), round(clamp(at[1]))];
  renderDetail();
}

function commitAgreed(delay = 0) {
  clearTimeout(agreeing.timer);
  const { card, at } = agreeing;
  if (card === null || !at) return;
  agreeing.timer = setTimeout(() => {
    send({ type: "agreed", card, x: at[0], y: at[1] })
      .then(() => {
        if (agreeing.card === card && agreeing.at === at) Object.assign(agreeing, { card: null, at: null });
        render();
      })
      .catch(() => {});
  }, delay);
}

svg.addEventListener("pointerdown", (e) => {
  const pos = toData(svg, e.clientX, e.clientY);
  if (!pos || !pos.inside || selected === null) return;
  agreeing.dragging = true;
  svg.setPointerCapture(e.pointerId);
  startAgreeing([pos.x, pos.y]);
  e.preventDefault();
});
svg.addEventListener("pointermove", (e) => {
  if (!agreeing.dragging) return;
  const pos = toData(svg, e.clientX, e.clientY);
  if (pos) startAgreeing([pos.x, pos.y]);
});
for (const type of ["pointerup", "pointercancel"]) {
  svg.addEventListener(type, () => {
    if (!agreeing.dragging) return;
    agreeing.dragging = false;
    commitAgreed();
  });
}

$("ak-agreed-pad").addEventListener("keydown", (e) => {
  const step = e.shiftKey ? 0.2 : 0.05;
  const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
  const card = cardById(selected);
  if (!card) return;
  if (moves[e.key]) {
    const s = stats(room.placementsOf(card.id));
    const from = (agreeing.card === card.id && agreeing.at) || card.agreed || (s.n ? s.mean.map((v) => round(v)) : [0, 0]);
    startAgreeing([from[0] + moves[e.key][0], from[1] + moves[e.key][1]]);
    commitAgreed(600); // one message when the keys come to rest
  } else if (e.key === "Enter" && agreeing.at) {
    commitAgreed();
  } else if ((e.key === "Delete" || e.key === "Backspace") && card.agreed) {
    setAgreed(null, null);
  } else {
    return;
  }
  e.preventDefault();
});

function setAgreed(x, y) {
  if (selected === null) return;
  Object.assign(agreeing, { card: null, at: null });
  send({ type: "agreed", card: selected, x, y }).catch(() => {});
}

$("ak-agreed-clear").addEventListener("click", () => setAgreed(null, null));

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
  const card = cardById(paper.card);
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
// A sheet half entered stays open after a reload, ready for its next card.
if (paper.participant !== null) $("ak-paper-box").open = true;
$("ak-paper-box").addEventListener("toggle", () => fitLabels(paperSvg));

// Actions --------------------------------------------------------------------

function cardAction(cardId, action) {
  const card = cardById(cardId);
  if (!card) return;
  if (action === "spotlight") {
    send({ type: "spotlight", card: spotlightOf(cardId) ? null : cardId, participant: null }).catch(() => {});
    return;
  }
  if (action === "reset" || action === "round") {
    const question = action === "reset" ? strings.reset_confirm : strings.round_confirm;
    if (!window.confirm(fmt(question, { card: card.title }))) return;
  }
  send({ type: "card", card: cardId, action }).catch(() => {});
}

$("ak-card-rows").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-card]");
  if (!b) return;
  const cardId = Number(b.dataset.card);
  selected = cardId;
  if (b.dataset.rowAction) cardAction(cardId, b.dataset.rowAction);
  render();
});

$("ak-now-actions").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-action]");
  if (!b || b.disabled) return;
  if (b.dataset.action === "open-next") {
    selected = Number(b.dataset.card);
    cardAction(selected, "open");
    render();
    return;
  }
  cardAction(Number(b.dataset.card), b.dataset.action);
});

$("ak-starter-list").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-starter]");
  if (!b) return;
  const card = cardById(Number(b.dataset.starter));
  if (!card) return;
  selected = card.id;
  // On the projector with its results: the point is to talk about what the room did.
  if (!card.revealed) send({ type: "card", card: card.id, action: "reveal" }).catch(() => {});
  if (!spotlightOf(card.id)) send({ type: "spotlight", card: card.id, participant: null }).catch(() => {});
  render();
});

$("ak-comments").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-action]");
  if (!b || selected === null) return;
  const participant = Number(b.dataset.participant);
  const round = commentsOf.card === selected ? commentsOf.round : null;
  const inRound = round === null ? {} : { round }; // an earlier round's comment
  if (b.dataset.action === "spotlight") {
    const on = spotlightOf(selected, participant, round);
    send({ type: "spotlight", card: on ? null : selected, participant: on ? null : participant, ...(on ? {} : inRound) }).catch(() => {});
  } else if (b.dataset.action === "feature") {
    send({ type: "feature_comment", card: selected, participant, featured: b.getAttribute("aria-pressed") !== "true", ...inRound }).catch(() => {});
  } else {
    send({ type: "hide_comment", card: selected, participant, hidden: b.dataset.action === "hide", ...inRound }).catch(() => {});
  }
});

$("ak-comment-rounds").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-round]");
  if (!b) return;
  commentsOf.round = b.dataset.round ? Number(b.dataset.round) : null;
  render();
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
