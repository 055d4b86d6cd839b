// Participant page: join, choose a role (or skip), place each open card on the grid.
//
// Three ways to place: drag a card by any part of it (a finger resting a
// moment on the card, or starting sideways, picks it up; a quick swipe up or
// down still scrolls the page), tap a card and then the grid (a swipe on the
// grid scrolls and places nothing), or the arrow keys and Enter. After a card is placed the next unplaced open card is
// chosen, or none: a tap on the grid never moves a placed card unless the
// person chose that card again first. Two tabs of one phone stay in step.

import { LiveSocket, fmt, readJson, showPicture, statusReporter } from "./live.js";
import { clamp, describe, drawDots, drawResult, dotsLayer, fitLabels, layer, relabel, round, toData } from "./grid.js";

const root = document.getElementById("ak-phone");
const strings = readJson("ak-strings");
const code = root.dataset.code;
const svg = document.getElementById("ak-grid");
const $ = (id) => document.getElementById(id);

const HOLD_MS = 180; // a finger resting this long on a card picks it up
const SLOP_PX = 8; // movement below this is still a tap
const COMMENT_MAX = 280;

const store = {
  get(key) {
    try {
      return localStorage.getItem(`ak-${key}:${code}`);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      localStorage.setItem(`ak-${key}:${code}`, value);
    } catch {
      /* private mode: this page still works, a reload makes a new participant */
    }
  },
};

const state = {
  gone: false,
  open: false, // the socket is up: the server answers
  keepPending: false, // the offline copy waits for the server (keepOfflineCopy)
  session: null, // {title, state, axes}
  participant: null,
  cards: [],
  seq: -1,
  role: "",
  confirmed: {}, // card id -> {x, y, comment, hidden, waiting}: what the server acknowledged
  pending: {}, // card id -> {x, y}: sent, not yet acknowledged ("wordt verstuurd")
  commentSending: {}, // card id -> text: sent, not yet acknowledged
  commentError: {}, // card id -> why the last comment was refused
  mark: null, // the view's comments_mark: changes when any comment is hidden or shown
  previous: {}, // card id -> {x, y}: this phone's place in the card's last round
  rounds: {}, // card id -> round number last seen
  resets: {}, // card id -> reset count last seen
  seen: null, // ids of the open cards at the last view (null before the first)
  fresh: new Set(), // newly opened cards the person has not chosen yet
  selected: null, // the card shown below the list
  armed: false, // a tap on the grid places the selected card
  cursor: null, // keyboard cursor {x, y} while arrows are in use
  drag: null,
  chipsShown: "", // what the chips were last built from (renderCards)
  scrollTo: null, // a chip to bring into view after the next render
};

// Other tabs of this phone: tell them when something changed, so they fetch a snapshot.
const tabs = "BroadcastChannel" in window ? new BroadcastChannel(`ak-phone:${code}`) : null;
function tellOtherTabs() {
  if (tabs) tabs.postMessage("changed");
  else store.set("changed", String(Date.now()));
}
if (tabs) tabs.addEventListener("message", () => socket.sync());
else window.addEventListener("storage", (e) => e.key === `ak-changed:${code}` && socket.sync());

// Socket ---------------------------------------------------------------------

const socket = new LiveSocket({
  path: root.dataset.socket,
  keep: `ak-waiting:${code}`,
  heartbeat: true,
  hello: () => ({ token: store.get("token") }),
  onHelloAck: (ack) => {
    state.participant = ack.participant ?? null;
    if (!ack.token) return;
    store.set("token", ack.token);
    // Also a cookie: the results page after the session shows this phone's own
    // places, and a phone whose storage was cleared stays the same participant.
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `ak_${code}=${ack.token}; path=/; max-age=31536000; samesite=lax${secure}`;
  },
  onStatus: (status, closeCode) => {
    statusReporter($("ak-status"), strings)(status);
    state.open = status === "open";
    if (state.open && state.keepPending) keepOfflineCopy();
    if (status === "gone") {
      state.gone = closeCode === 4404;
      render();
    }
  },
  onMessage: (msg) => {
    if (msg.type !== "snapshot" && msg.type !== "view") return;
    if (msg.type === "view" && msg.seq < state.seq) return;
    keepForOffline(msg);
    apply(msg);
  },
});

// The last view, for a reload without a connection (the service worker keeps the page).
function keepForOffline(msg) {
  const last = msg.you ? msg : { ...msg, you: state.you };
  if (msg.you) state.you = msg.you;
  store.set("last", JSON.stringify(last));
}

function apply(msg) {
  {
    state.seq = msg.seq;
    state.session = msg.session;
    // Axes or quadrant names edited meanwhile: fit them once the grid is shown.
    if (relabel(svg, msg.session.axes)) state.fitted = false;
    svg.setAttribute("aria-label", fmt(strings.grid_name, msg.session.axes));
    state.cards = msg.cards || [];
    const again = [];
    for (const card of state.cards) {
      const key = String(card.id);
      // A new round of a card: this phone's placement belongs to the last one.
      if (key in state.rounds && card.round > state.rounds[key]) {
        if (state.confirmed[key]) state.previous[key] = state.confirmed[key];
        delete state.confirmed[key];
        again.push(card);
      }
      // A reset of the card removed every placement of this round, this phone's too.
      if (key in state.resets && card.resets > state.resets[key]) delete state.confirmed[key];
      state.rounds[key] = card.round;
      state.resets[key] = card.resets;
    }
    if (msg.you) {
      state.participant = msg.you.participant ?? state.participant;
      if (!state.roleSending) state.role = msg.you.role || "";
      if (state.role) store.set("role-done", "1");
      state.confirmed = {};
      for (const [id, p] of Object.entries(msg.you.placements || {})) state.confirmed[id] = p;
      for (const [id, p] of Object.entries(msg.you.previous || {})) state.previous[id] = p;
    }
    if (state.session.state === "open" && state.participant === null && socket.rehello) {
      // Opened the page before the session started: join now it is open.
      socket.rehello();
    }
    noteComments(msg.session.comments_mark);
    noteChanges(again);
    render();
  }
}

// Model helpers ----------------------------------------------------------------

function visibleCards() {
  return state.cards.filter((c) => c.open || c.revealed);
}

function cardById(id) {
  return id === null ? undefined : state.cards.find((c) => String(c.id) === String(id));
}

function cardNumber(card) {
  return state.cards.indexOf(card) + 1;
}

// Someone's comment was hidden or shown: if this phone has one, ask what became
// of it, a few seconds later (a room of phones does not ask at once).
function noteComments(mark) {
  const changed = state.mark !== null && mark !== state.mark;
  state.mark = mark;
  if (!changed || !Object.values(state.confirmed).some((p) => p.comment)) return;
  clearTimeout(state.markTimer);
  state.markTimer = setTimeout(() => socket.sync(), 1000 + Math.random() * 3000);
}

function placementOf(id) {
  const key = String(id);
  if (state.pending[key]) return { ...(state.confirmed[key] || { comment: "" }), ...state.pending[key] };
  return state.confirmed[key] || null;
}

function canMove(card) {
  return Boolean(card && state.session && state.session.state === "open" && card.open && !card.locked);
}

function nextToPlace(except = null) {
  return visibleCards().find((c) => canMove(c) && !placementOf(c.id) && String(c.id) !== String(except));
}

function words(x, y) {
  const { quadrant, strength } = describe(state.session.axes, strings, x, y);
  return strength ? `${quadrant}, ${strength}` : quadrant;
}

function fixedMessage(card) {
  return fmt(card.locked ? strings.card_locked : strings.card_closed, { card: card.title });
}

function announce(text, then = null) {
  const el = $("ak-announce");
  el.textContent = "";
  // A fresh text node each time so screen readers repeat the same words.
  requestAnimationFrame(() => {
    el.textContent = text;
    if (then) then();
  });
}

/** Scroll `el` into the part of the screen the sticky grid leaves free. */
function bringIntoView(el, block = "nearest") {
  if (!el || document.body.classList.contains("ak-typing")) return;
  document.documentElement.style.setProperty("--ak-grid-h", `${$("ak-grid-wrap").offsetHeight}px`);
  el.scrollIntoView({ block, behavior: "smooth" });
}

// What changed in a view: newly opened cards, cards to place again.
function noteChanges(again) {
  if (state.session.state !== "open") {
    state.seen = null; // the cards open when the session opens are not news
    return;
  }
  const open = visibleCards().filter(canMove);
  const ids = new Set(open.map((c) => String(c.id)));
  const first = state.seen === null;
  const opened = first ? [] : open.filter((c) => !state.seen.has(String(c.id)));
  state.seen = ids;
  for (const id of [...state.fresh]) if (!ids.has(id)) state.fresh.delete(id);
  const said = [];
  for (const card of again) {
    if (String(card.id) === String(state.selected)) {
      $("ak-comment").value = "";
      updateCount();
    }
    if (canMove(card)) said.push(fmt(strings.round_again, { card: card.title }));
  }
  const news = opened.filter((c) => !placementOf(c.id));
  for (const card of news) state.fresh.add(String(card.id));
  const named = news.filter((c) => !again.includes(c)).map((c) => `“${c.title}”`);
  if (named.length) said.push(fmt(named.length === 1 ? strings.new_card : strings.new_cards, { cards: named.join(", ") }));
  const wanted = [...again.filter(canMove), ...news];
  const current = cardById(state.selected);
  const busy = state.armed && current && canMove(current) && !placementOf(current.id);
  if (wanted.length && !busy && !state.drag) {
    setSelected(wanted[0].id, true);
  }
  if (wanted.length) state.scrollTo = String(wanted[0].id);
  if (said.length) announce(said.join(" "));
}

// Actions --------------------------------------------------------------------

function setSelected(id, armed) {
  if (String(state.selected) !== String(id)) {
    state.selected = id;
    state.cursor = null;
    const placed = id === null ? null : placementOf(id);
    const sending = id === null ? undefined : state.commentSending[String(id)];
    $("ak-comment").value = sending ?? (placed ? placed.comment || "" : "");
    updateCount();
  }
  state.armed = armed;
}

/** The person chose a card (tap, keyboard, or picking it up). */
function choose(card) {
  state.fresh.delete(String(card.id));
  setSelected(card.id, canMove(card));
  if (!canMove(card)) announce(fixedMessage(card));
  else $("ak-announce").textContent = "";
  render();
}

function place(card, x, y) {
  const key = String(card.id);
  x = round(clamp(x));
  y = round(clamp(y));
  state.fresh.delete(key);
  // Move on: the next card to place, or none (this card stays shown, for a comment).
  const next = nextToPlace(card.id);
  if (next) setSelected(next.id, true);
  else setSelected(card.id, false);
  render();
  watchPlace(card.id, x, y, socket.send({ type: "place", card: card.id, x, y }), { next: next || null });
}

/**
 * Until the server has the placement it "wordt verstuurd"; then it is placed.
 * tell: what to say once it is (a placement sent again after a reload says nothing).
 */
function watchPlace(cardId, x, y, sent, tell = null) {
  const key = String(cardId);
  state.pending[key] = { x, y };
  render();
  sent
    .then(() => {
      state.confirmed[key] = { comment: "", hidden: false, ...state.confirmed[key], x, y };
      const card = cardById(cardId);
      if (!tell || !card) return;
      const { next } = tell;
      const after = next ? fmt(strings.next_card, { card: next.title }) : strings.all_placed;
      render(); // the comment box shows once the server has the card
      // What comes next in view, under the grid: the next card, else the comment box.
      announce(`${fmt(strings.placed, { card: card.title, where: words(x, y) })} ${after}`, () =>
        next
          ? bringIntoView(document.querySelector(`.ak-chip[data-card="${next.id}"]`))
          : bringIntoView(document.querySelector(".ak-comment-actions"), "end"),
      );
      tellOtherTabs();
    })
    .catch((err) => {
      const card = cardById(cardId);
      const fixed = card && (err.code === 2002 || err.code === 2003);
      announce(fixed ? fixedMessage(card) : strings[`err_${err.code}`] || err.message || strings.err_other);
    })
    .finally(() => {
      if (state.pending[key] && state.pending[key].x === x && state.pending[key].y === y) delete state.pending[key];
      render();
    });
}

/** A comment "wordt verstuurd" until the server has it; then it waits, is shown, or not. */
function watchComment(cardId, text, sent) {
  const key = String(cardId);
  state.commentSending[key] = text;
  delete state.commentError[key];
  sent
    .then(() => {
      const hidden = Boolean(text) && state.session && state.session.moderation === "pre";
      if (state.confirmed[key]) Object.assign(state.confirmed[key], { comment: text, hidden, waiting: hidden });
      tellOtherTabs();
    })
    .catch((err) => {
      state.commentError[key] = strings[`err_${err.code}`] || err.message || strings.err_other;
      // The facilitator reset this card: what this phone shows is gone on the server.
      if (err.code === 2005) delete state.confirmed[key];
    })
    .finally(() => {
      if (state.commentSending[key] === text) delete state.commentSending[key];
      render();
    });
}

function commentStatus(key) {
  if (state.commentError[key]) return state.commentError[key];
  if (key in state.commentSending) return strings.comment_sending;
  const placed = state.confirmed[key];
  if (!placed || !placed.comment) return "";
  if (!placed.hidden) return strings.comment_shown;
  // Hidden: waiting for approval, or the facilitator chose (approved, then hid it, too).
  return placed.waiting && state.session.moderation === "pre" ? strings.comment_waiting : strings.comment_not_shown;
}

function chooseRole(role) {
  store.set("role-done", "1");
  state.choosingRole = false;
  if (role !== state.role) {
    state.role = role;
    state.roleSending = true; // a snapshot on its way does not know it yet
    socket
      .send({ type: "role", role })
      .then(tellOtherTabs)
      .catch(() => {})
      .finally(() => (state.roleSending = false));
  }
  state.focusCard = true;
  render();
}

// Rendering ------------------------------------------------------------------

function showStep(name) {
  for (const step of ["wait", "closed", "gone", "role", "place"]) {
    $(`ak-step-${step}`).hidden = step !== name;
  }
}

function render() {
  if (state.gone) return showStep("gone");
  if (!state.session) {
    // Before the socket's first snapshot: the page knows whether the session is
    // open, so a new phone can already answer the role question.
    if (root.dataset.state !== "open") return;
    if (state.choosingRole || !store.get("role-done")) return showStep("role");
    showStep("place");
    fitOnce();
    return;
  }
  const s = state.session.state;
  if (s === "draft") return showStep("wait");
  if (s === "closed") {
    showStep("closed");
    // The join link now shows the results page: load it (once).
    if (!state.reloading) {
      state.reloading = true;
      setTimeout(() => location.reload(), 300);
    }
    return;
  }
  if (state.choosingRole || (!state.role && !store.get("role-done"))) return showStep("role");
  showStep("place");
  fitOnce();
  if (state.drag) {
    // Rebuilding the chips would drop the dragged chip's pointer capture.
    state.chipsStale = true;
  } else {
    state.chipsStale = false;
    renderCards();
  }
  // Nothing to place with a tap: a smaller grid leaves room for the comment box.
  root.classList.toggle("ak-grid-small", !state.armed && !state.drag);
  document.documentElement.style.setProperty("--ak-grid-h", `${$("ak-grid-wrap").offsetHeight}px`);
  renderGrid();
  renderDetail();
  $("ak-role-current").textContent = fmt(strings.your_role, { role: strings.roles[state.role] || strings.role_none });
  if (state.focusCard) {
    // After the role question focus goes on: the card to place, else the heading.
    (document.querySelector(".ak-chip-selected") || $("ak-place-title")).focus();
    state.focusCard = false;
  }
  if (state.scrollTo) bringIntoView(document.querySelector(`.ak-chip[data-card="${state.scrollTo}"]`));
  state.scrollTo = null;
}

function fitOnce() {
  if (state.fitted) return;
  fitLabels(svg);
  state.fitted = true;
}

function renderCards() {
  const list = $("ak-cards");
  const cards = visibleCards();
  if (state.selected !== null && !cards.some((c) => String(c.id) === String(state.selected))) setSelected(null, false);
  const current = cardById(state.selected);
  if (current && state.armed && !canMove(current)) state.armed = false;
  if (state.selected === null) {
    const next = nextToPlace();
    if (next) setSelected(next.id, true);
  }
  const armedCard = state.armed ? cardById(state.selected) : null;
  $("ak-hint").textContent = !cards.length
    ? strings.no_cards
    : armedCard
      ? fmt(strings.hint_armed, { card: armedCard.title })
      : strings.hint_free;
  $("ak-key-hint").textContent = strings.key_hint;

  // A view arrives every second or so while the room places; rebuild the chips
  // only when what they show changed, so a screen reader does not hear them
  // again and a cheap phone does not redo the work.
  const shown = JSON.stringify([
    state.selected,
    state.armed,
    [...state.fresh],
    cards.map((c) => [c.id, c.title, placementOf(c.id), String(c.id) in state.pending, c.locked, c.revealed, canMove(c), c.round]),
  ]);
  if (shown === state.chipsShown && list.childElementCount) return;
  state.chipsShown = shown;

  const focusedId = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.card : null;
  list.replaceChildren();
  for (const card of cards) {
    const key = String(card.id);
    const li = document.createElement("li");
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = "ak-chip";
    chip.dataset.card = card.id;
    const placed = placementOf(card.id);
    const selected = key === String(state.selected);
    if (placed && !(key in state.pending)) chip.classList.add("ak-chip-placed");
    if (!canMove(card)) chip.classList.add("ak-chip-fixed");
    if (selected && state.armed) chip.classList.add("ak-chip-selected");
    else if (selected) chip.classList.add("ak-chip-current");
    if (state.fresh.has(key)) chip.classList.add("ak-chip-new");
    chip.setAttribute("aria-pressed", String(selected && state.armed));
    chip.setAttribute("aria-describedby", "ak-key-hint");

    const num = document.createElement("span");
    num.className = "ak-chip-num";
    num.textContent = cardNumber(card);
    const title = document.createElement("span");
    title.className = "ak-chip-title";
    title.textContent = card.title;
    const status = document.createElement("span");
    status.className = "ak-chip-status";
    const bits = [];
    if (state.fresh.has(key)) bits.push(strings.new_short);
    const sending = key in state.pending;
    if (sending) chip.classList.add("ak-chip-sending");
    bits.push(
      sending ? strings.sending_short : placed ? strings.placed_short : card.round > 1 && canMove(card) ? strings.again_short : strings.not_placed,
    );
    // A placed card not shown below: say how to comment on it.
    if (placed && !placed.comment && !selected && canMove(card)) bits.push(strings.comment_invite);
    if (card.locked) bits.push(strings.locked_short);
    if (card.revealed) bits.push(strings.revealed);
    status.textContent = bits.join(" · ");
    chip.append(num, title, status);
    bindChip(chip, card);
    li.append(chip);
    list.append(li);
    if (focusedId && String(focusedId) === key) chip.focus();
  }
}

function renderGrid() {
  const own = [];
  const selected = cardById(state.selected);
  for (const card of visibleCards()) {
    const p = placementOf(card.id);
    if (!p) continue;
    const active = card === selected;
    own.push({
      x: p.x,
      y: p.y,
      r: active ? 38 : 30,
      // Not yet on the server: a hollow, dashed dot ("wordt verstuurd").
      cls: `ak-dot ak-dot-own${active ? " ak-dot-active" : ""}${String(card.id) in state.pending ? " ak-dot-sending" : ""}`,
      label: String(cardNumber(card)),
      title: card.title,
    });
  }
  // The selected card on top.
  own.sort((a, b) => (a.cls.includes("active") ? 1 : 0) - (b.cls.includes("active") ? 1 : 0));
  drawDots(dotsLayer(svg), own);

  // The selected card's place in its last round, as a dashed ring.
  const before = selected && state.previous[String(selected.id)];
  drawDots(
    layer(svg, "ak-previous-layer"),
    before ? [{ x: before.x, y: before.y, r: 30, cls: "ak-dot ak-dot-previous", label: String(cardNumber(selected)) }] : [],
  );

  const result = selected && selected.revealed && selected.result && selected.result.n ? selected.result : null;
  // The ring that holds two in three of the room's placements (workshop.lib.findings.core).
  const ring = result && result.ring;
  drawResult(layer(svg, "ak-room"), ring ? { mean: ring.mean, ring: ring.radii, cls: "ak-room", showMean: false } : {});
  drawResult(layer(svg, "ak-room-mean", { above: true }), result ? { mean: result.mean, cls: "ak-room" } : {});

  const cursor = state.drag && state.drag.over ? state.drag.over : state.cursor;
  drawDots(layer(svg, "ak-cursor-layer", { above: true }), cursor ? [{ x: cursor.x, y: cursor.y, r: 30, cls: "ak-cursor" }] : []);
  svg.classList.toggle("ak-grid-can-place", Boolean(state.armed && canMove(selected)));
}

// The room's result in the projector's words: static/js/findings.js and its
// texts in this page's language, fetched once a result is shown (not on the
// first load, which a cheap phone on venue wifi waits for).
let resultWords = null;
let resultWordsAsked = false;

function loadResultWords() {
  if (resultWordsAsked) return;
  resultWordsAsked = true;
  Promise.all([import("./findings.js"), fetch(root.dataset.resultWords).then((r) => r.json())])
    .then(([{ sentence }, said]) => {
      resultWords = { sentence, said };
      render();
    })
    .catch(() => { resultWordsAsked = false; }); // offline: asked again at the next render
}

function resultText(result) {
  if (!result.n) return strings.result_none;
  if (!resultWords || !result.shape) {
    loadResultWords();
    return fmt(result.n === 1 ? strings.result_one : strings.result, { n: result.n });
  }
  return resultWords.sentence(result.shape, (q) => state.session.axes[q] || "", resultWords.said);
}

function renderDetail() {
  const card = cardById(state.selected);
  const detail = $("ak-detail");
  if (!card) {
    detail.hidden = true;
    return;
  }
  const key = String(card.id);
  detail.hidden = false;
  $("ak-detail-title").textContent = `${cardNumber(card)}. ${card.title}`;
  $("ak-detail-desc").textContent = card.description || "";
  showPicture($("ak-detail-figure"), card);
  const placed = placementOf(card.id);
  const again = $("ak-detail-again");
  again.hidden = !(card.round > 1 && !placed && canMove(card));
  again.textContent = strings.again;
  $("ak-detail-status").textContent = !canMove(card)
    ? fixedMessage(card)
    : placed
      ? fmt(key in state.pending ? strings.your_place_sending : strings.your_place, { where: words(placed.x, placed.y) })
      : strings.not_placed;
  const previous = $("ak-detail-previous");
  const before = state.previous[key];
  previous.hidden = !before;
  previous.textContent = before ? fmt(strings.previous, { where: words(before.x, before.y) }) : "";

  const resultEl = $("ak-detail-result");
  if (card.revealed && card.result) {
    resultEl.hidden = false;
    resultEl.textContent = resultText(card.result);
  } else {
    resultEl.hidden = true;
  }
  $("ak-comment-form").hidden = !(placed && state.confirmed[key] && state.session.state === "open");
  const status = $("ak-comment-status");
  const said = commentStatus(key);
  if (status.textContent !== said) status.textContent = said; // a status region speaks on change
  status.dataset.state = key in state.commentSending ? "sending" : state.commentError[key] ? "error" : "";
}

function updateCount() {
  $("ak-comment-count").textContent = fmt(strings.count, { n: $("ak-comment").value.length });
}

// Pointer: drag a card onto the grid, or press on the grid to place the chosen card.

function bindChip(chip, card) {
  chip.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    state.drag = {
      card, pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, at: performance.now(),
      mouse: e.pointerType === "mouse", moving: false, over: null, ghost: null, from: chip,
    };
    // A mouse leaves the card at once; a finger's events stay with what it touched anyway.
    if (e.pointerType === "mouse") chip.setPointerCapture(e.pointerId);
    // A finger that rests shows the card picked up: now it can be dragged.
    else if (canMove(card)) {
      const drag = state.drag;
      drag.holdTimer = setTimeout(() => state.drag === drag && chip.classList.add("ak-chip-held"), HOLD_MS);
    }
  });
  chip.addEventListener("pointermove", (e) => dragMove(e));
  chip.addEventListener("pointerup", (e) => dragEnd(e, true));
  chip.addEventListener("pointercancel", (e) => dragEnd(e, false));
  chip.addEventListener("lostpointercapture", (e) => {
    // Only the chip's own capture: a child's implicit touch capture ends when the chip takes it.
    if (e.target !== chip) return;
    if (state.drag && state.drag.from === chip && state.drag.pointerId === e.pointerId) dragEnd(e, false);
  });
  // Once the card is picked up, the finger moves the card, not the page.
  chip.addEventListener(
    "touchmove",
    (e) => {
      if (state.drag && state.drag.from === chip && state.drag.moving && e.cancelable) e.preventDefault();
    },
    { passive: false },
  );
  chip.addEventListener("contextmenu", (e) => e.preventDefault());
  chip.addEventListener("click", () => {
    if (state.suppressClick) {
      state.suppressClick = false;
      return;
    }
    choose(card);
  });
  chip.addEventListener("keydown", (e) => chipKey(e, card));
}

function dragMove(e) {
  const drag = state.drag;
  if (!drag || drag.pointerId !== e.pointerId) return;
  if (!drag.moving) {
    const dx = e.clientX - drag.startX;
    const dy = e.clientY - drag.startY;
    if (Math.hypot(dx, dy) < SLOP_PX) return;
    const held = performance.now() - drag.at >= HOLD_MS;
    if (!drag.mouse && !held && Math.abs(dy) > Math.abs(dx)) {
      // A quick swipe up or down: the person scrolls the list.
      clearTimeout(drag.holdTimer);
      state.drag = null;
      return;
    }
    if (!canMove(drag.card)) {
      state.drag = null;
      choose(drag.card); // says why it does not move, where the person looks
      return;
    }
    drag.moving = true;
    try {
      drag.from.setPointerCapture(e.pointerId);
    } catch {
      /* the pointer is gone already */
    }
    state.fresh.delete(String(drag.card.id));
    setSelected(drag.card.id, true);
    drag.ghost = document.createElement("div");
    drag.ghost.className = "ak-ghost";
    drag.ghost.textContent = cardNumber(drag.card);
    drag.ghost.setAttribute("aria-hidden", "true");
    document.body.append(drag.ghost);
    render();
  }
  drag.ghost.style.transform = `translate(${e.clientX}px, ${e.clientY}px)`;
  const pos = toData(svg, e.clientX, e.clientY);
  drag.over = pos && pos.inside ? pos : null;
  renderGrid();
}

function dragEnd(e, drop) {
  const drag = state.drag;
  if (!drag || drag.pointerId !== e.pointerId) return;
  state.drag = null;
  clearTimeout(drag.holdTimer);
  if (drag.from !== svg) drag.from.classList.remove("ak-chip-held");
  if (drag.ghost) drag.ghost.remove();
  if (state.chipsStale) render();
  if (drag.moving) {
    if (drag.from !== svg) {
      state.suppressClick = true;
      setTimeout(() => (state.suppressClick = false), 0);
    }
    if (drop && drag.over) place(drag.card, drag.over.x, drag.over.y);
    else renderGrid();
  }
}

// On the grid a finger scrolls the page (touch-action in phone.css); only a tap
// places. A finger that moves further than a tap, or that the browser takes
// for scrolling (pointercancel), places nothing. A mouse may still drag.
svg.addEventListener("pointerdown", (e) => {
  if (e.button !== 0) return;
  const pos = toData(svg, e.clientX, e.clientY);
  if (!pos || !pos.inside) return;
  const card = cardById(state.selected);
  if (!card || !state.armed || !canMove(card)) {
    // Say what to do instead, where the person is looking (under the grid).
    if (card && !canMove(card)) announce(fixedMessage(card));
    else if (card && placementOf(card.id)) announce(fmt(strings.tap_card_first, { card: card.title }));
    else announce(visibleCards().length ? strings.choose_card_first : strings.no_cards);
    return;
  }
  const mouse = e.pointerType === "mouse";
  if (mouse) {
    e.preventDefault();
    svg.setPointerCapture(e.pointerId);
  }
  state.drag = {
    card, pointerId: e.pointerId, moving: true, over: pos, ghost: null, from: svg,
    mouse, startX: e.clientX, startY: e.clientY,
  };
  renderGrid();
});
svg.addEventListener("pointermove", (e) => {
  const drag = state.drag;
  if (!drag || drag.from !== svg || drag.pointerId !== e.pointerId) return;
  if (!drag.mouse && Math.hypot(e.clientX - drag.startX, e.clientY - drag.startY) >= SLOP_PX) {
    dragEnd(e, false); // a swipe: the person scrolls
    return;
  }
  const pos = toData(svg, e.clientX, e.clientY);
  if (pos && (drag.mouse || pos.inside)) drag.over = pos;
  renderGrid();
});
svg.addEventListener("pointerup", (e) => {
  if (state.drag && state.drag.from === svg) dragEnd(e, true);
});
svg.addEventListener("pointercancel", (e) => {
  if (state.drag && state.drag.from === svg) dragEnd(e, false);
});

// Keyboard (static/js/keys.js): arrows move a cursor, Enter places, Escape
// stops. Fetched after the load, or at the first key, so the first load stays light.

let keys = null;
let handle = null; // the key handler, once keys.js is here
let waiting = 0; // keys pressed before it was: handled in order when it comes
function keyboard() {
  keys ??= import("./keys.js").then(
    (m) => {
      handle = m.keyboard({ state, strings, canMove, choose, setSelected, render, renderGrid, announce, place, placementOf });
      return handle;
    },
    (err) => {
      keys = null; // no connection yet: the next key or focus tries again
      throw err;
    },
  );
  return keys;
}
$("ak-cards").addEventListener("focusin", () => keyboard().catch(() => {}));

function chipKey(e, card) {
  if (handle) return handle(e, card);
  if (!e.key.startsWith("Arrow") && !waiting) return;
  e.preventDefault(); // not the page scrolling, nor Enter choosing the card meanwhile
  waiting += 1;
  keyboard()
    .then((later) => later(e, card))
    .catch(() => {})
    .finally(() => (waiting -= 1));
}

// Role and comment -----------------------------------------------------------

for (const button of document.querySelectorAll("button.ak-role")) {
  button.addEventListener("click", () => chooseRole(button.dataset.role));
}
$("ak-role-change").addEventListener("click", () => {
  state.choosingRole = true;
  render();
  const current = document.querySelector(`button.ak-role[data-role="${state.role}"]`);
  (current || $("ak-role-title")).focus();
});

$("ak-comment").addEventListener("focus", () => document.body.classList.add("ak-typing"));
$("ak-comment").addEventListener("blur", () => document.body.classList.remove("ak-typing"));
$("ak-comment").addEventListener("input", updateCount);
updateCount();

$("ak-comment-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const card = cardById(state.selected);
  if (!card) return;
  const text = $("ak-comment").value.trim().slice(0, COMMENT_MAX);
  watchComment(card.id, text, socket.send({ type: "comment", card: card.id, text }));
  render();
});

// What waited when the page was left (a reload without a connection) goes out again, once.
for (const { msg, promise } of socket.restored) {
  if (msg.type === "place") watchPlace(msg.card, msg.x, msg.y, promise);
  else if (msg.type === "comment") watchComment(msg.card, msg.text, promise);
}
const last = store.get("last");
if (last && root.dataset.state === "open") {
  try {
    apply({ ...JSON.parse(last), seq: -1 });
  } catch {
    /* an older page's copy: the server's snapshot follows */
  }
}

render();

// After the load: the keyboard, then offline once loaded (static/js/offline.js,
// a few seconds later: it keeps a copy of what the page loaded, keys.js too).
window.addEventListener("load", () => setTimeout(() => keyboard().catch(() => {}), 2000), { once: true });
// Only while the server answers (a worker registered without it fails, and
// Chromium says so on the console), else as soon as it is back; not for a
// session deleted meanwhile: its page is gone, nothing to keep.
function keepOfflineCopy() {
  state.keepPending = !state.open;
  if (state.gone || state.keepPending) return;
  import("./offline.js").then((m) => m.keepOffline(root.dataset.serviceWorker)).catch(() => {});
}
if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => setTimeout(keepOfflineCopy, 3000), { once: true });
}
