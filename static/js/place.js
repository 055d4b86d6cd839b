// Participant page: join, choose a role (or skip), place each open card on the grid.
// Pointer events for touch and mouse; arrow keys + Enter for the keyboard.

import { LiveSocket, fmt, readJson, showPicture, statusReporter } from "./live.js";
import { clamp, describe, drawDots, drawResult, dotsLayer, fitLabels, layer, round, toData } from "./grid.js";

const root = document.getElementById("ak-phone");
const strings = readJson("ak-strings");
const code = root.dataset.code;
const svg = document.getElementById("ak-grid");
const $ = (id) => document.getElementById(id);

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
  session: null, // {title, state, axes}
  cards: [],
  seq: -1,
  role: "",
  confirmed: {}, // card id -> {x, y, comment}: what the server acknowledged
  pending: {}, // card id -> {x, y}: sent, not yet acknowledged
  rounds: {}, // card id -> round number last seen
  resets: {}, // card id -> reset count last seen
  selected: null,
  cursor: null, // keyboard cursor {x, y} while arrows are in use
  drag: null,
  chipsShown: "", // what the chips were last built from (renderCards)
};

// Socket ---------------------------------------------------------------------

const socket = new LiveSocket({
  path: root.dataset.socket,
  hello: () => ({ token: store.get("token") }),
  onHelloAck: (ack) => {
    if (ack.token) store.set("token", ack.token);
  },
  onStatus: (status, closeCode) => {
    statusReporter($("ak-status"), strings)(status);
    if (status === "gone") {
      state.gone = closeCode === 4404;
      render();
    }
  },
  onMessage: (msg) => {
    if (msg.type === "snapshot" || msg.type === "view") {
      if (msg.type === "view" && msg.seq < state.seq) return;
      state.seq = msg.seq;
      state.session = msg.session;
      state.cards = msg.cards || [];
      for (const card of state.cards) {
        // A new round of a card: this phone's placement belongs to the last one.
        const key = String(card.id);
        if (key in state.rounds && card.round > state.rounds[key]) delete state.confirmed[key];
        // A reset of the card removed every placement of this round, this phone's too.
        if (key in state.resets && card.resets > state.resets[key]) delete state.confirmed[key];
        state.rounds[key] = card.round;
        state.resets[key] = card.resets;
      }
      if (msg.you) {
        state.role = msg.you.role || "";
        if (state.role) store.set("role-done", "1");
        state.confirmed = {};
        for (const [id, p] of Object.entries(msg.you.placements || {})) state.confirmed[id] = p;
      }
      render();
    }
  },
});

// Model helpers ----------------------------------------------------------------

function visibleCards() {
  return state.cards.filter((c) => c.open || c.revealed);
}

function cardById(id) {
  return state.cards.find((c) => String(c.id) === String(id));
}

function cardNumber(card) {
  return state.cards.indexOf(card) + 1;
}

function placementOf(id) {
  const key = String(id);
  if (state.pending[key]) return { ...(state.confirmed[key] || { comment: "" }), ...state.pending[key] };
  return state.confirmed[key] || null;
}

function canMove(card) {
  return state.session && state.session.state === "open" && card.open && !card.locked;
}

function words(x, y) {
  return fmt(strings.where, describe(state.session.axes, strings, x, y));
}

function announce(text) {
  const el = $("ak-announce");
  el.textContent = "";
  // A fresh text node each time so screen readers repeat the same words.
  requestAnimationFrame(() => {
    el.textContent = text;
  });
}

// Actions --------------------------------------------------------------------

function select(id) {
  if (String(state.selected) !== String(id)) {
    state.selected = id;
    state.cursor = null;
    $("ak-announce").textContent = "";
    $("ak-comment-status").textContent = "";
    const placed = placementOf(id);
    $("ak-comment").value = placed ? placed.comment || "" : "";
  }
  render();
}

function place(card, x, y) {
  const key = String(card.id);
  x = round(clamp(x));
  y = round(clamp(y));
  state.pending[key] = { x, y };
  if (String(state.selected) !== String(card.id)) select(card.id);
  render();
  socket
    .send({ type: "place", card: card.id, x, y })
    .then(() => {
      const comment = state.confirmed[key] ? state.confirmed[key].comment || "" : "";
      state.confirmed[key] = { x, y, comment };
      announce(fmt(strings.placed, { card: card.title, where: words(x, y) }));
    })
    .catch((err) => {
      announce(strings[`err_${err.code}`] || err.message || strings.err_other);
    })
    .finally(() => {
      if (state.pending[key] && state.pending[key].x === x && state.pending[key].y === y) delete state.pending[key];
      render();
    });
}

function chooseRole(role) {
  store.set("role-done", "1");
  state.choosingRole = false;
  if (role !== state.role) {
    state.role = role;
    socket.send({ type: "role", role }).catch(() => {});
  }
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
  if (!state.session) return;
  const s = state.session.state;
  if (s === "draft") return showStep("wait");
  if (s === "closed") return showStep("closed");
  if (state.choosingRole || (!state.role && !store.get("role-done"))) return showStep("role");
  showStep("place");
  if (!state.fitted) {
    fitLabels(svg);
    state.fitted = true;
  }
  if (state.drag) {
    // Rebuilding the chips would drop the dragged chip's pointer capture.
    state.chipsStale = true;
  } else {
    state.chipsStale = false;
    renderCards();
  }
  renderGrid();
  renderDetail();
  $("ak-role-current").textContent = fmt(strings.your_role, { role: strings.roles[state.role] || strings.role_none });
}

function renderCards() {
  const list = $("ak-cards");
  const cards = visibleCards();
  if (state.selected !== null && !cards.some((c) => String(c.id) === String(state.selected))) state.selected = null;
  if (state.selected === null) {
    const next = cards.find((c) => canMove(c) && !placementOf(c.id)) || cards.find(canMove) || cards[0];
    if (next) state.selected = next.id;
  }
  $("ak-hint").textContent = cards.length ? strings.pick_hint : strings.no_cards;
  $("ak-key-hint").textContent = strings.key_hint;

  // A view arrives every second or so while the room places; rebuild the chips
  // only when what they show changed, so a screen reader does not hear them
  // again and a cheap phone does not redo the work.
  const shown = JSON.stringify([
    state.selected,
    cards.map((c) => [c.id, c.title, Boolean(placementOf(c.id)), c.locked, c.revealed, canMove(c)]),
  ]);
  if (shown === state.chipsShown && list.childElementCount) return;
  state.chipsShown = shown;

  const focusedId = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.card : null;
  list.replaceChildren();
  for (const card of cards) {
    const li = document.createElement("li");
    const chip = document.createElement("button");
    chip.type = "button";
    chip.className = "ak-chip";
    chip.dataset.card = card.id;
    const placed = placementOf(card.id);
    if (placed) chip.classList.add("ak-chip-placed");
    if (!canMove(card)) chip.classList.add("ak-chip-fixed");
    if (String(card.id) === String(state.selected)) chip.classList.add("ak-chip-selected");
    chip.setAttribute("aria-pressed", String(String(card.id) === String(state.selected)));
    chip.setAttribute("aria-describedby", "ak-key-hint");

    const num = document.createElement("span");
    num.className = "ak-chip-num";
    num.textContent = cardNumber(card);
    const title = document.createElement("span");
    title.className = "ak-chip-title";
    title.textContent = card.title;
    const status = document.createElement("span");
    status.className = "ak-chip-status";
    const bits = [placed ? strings.placed_short : strings.not_placed];
    if (card.locked) bits.push(strings.locked);
    if (card.revealed) bits.push(strings.revealed);
    status.textContent = bits.join(" · ");
    chip.append(num, title, status);
    bindChip(chip, card);
    li.append(chip);
    list.append(li);
    if (focusedId && String(focusedId) === String(card.id)) chip.focus();
  }
}

function renderGrid() {
  const own = [];
  for (const card of visibleCards()) {
    const p = placementOf(card.id);
    if (!p) continue;
    const active = String(card.id) === String(state.selected);
    own.push({
      x: p.x,
      y: p.y,
      r: active ? 38 : 30,
      cls: active ? "ak-dot ak-dot-own ak-dot-active" : "ak-dot ak-dot-own",
      label: String(cardNumber(card)),
      title: card.title,
    });
  }
  // The selected card on top.
  own.sort((a, b) => (a.cls.includes("active") ? 1 : 0) - (b.cls.includes("active") ? 1 : 0));
  drawDots(dotsLayer(svg), own);

  const card = cardById(state.selected);
  const result = card && card.revealed && card.result && card.result.n ? card.result : null;
  drawResult(layer(svg, "ak-room"), result ? { mean: result.mean, spread: result.spread, cls: "ak-room", showMean: false } : {});
  drawResult(layer(svg, "ak-room-mean", { above: true }), result ? { mean: result.mean, cls: "ak-room" } : {});

  const cursor = state.drag && state.drag.over ? state.drag.over : state.cursor;
  drawDots(layer(svg, "ak-cursor-layer", { above: true }), cursor ? [{ x: cursor.x, y: cursor.y, r: 30, cls: "ak-cursor" }] : []);
  svg.classList.toggle("ak-grid-can-place", Boolean(card && canMove(card)));
}

function renderDetail() {
  const card = cardById(state.selected);
  const detail = $("ak-detail");
  if (!card) {
    detail.hidden = true;
    return;
  }
  detail.hidden = false;
  $("ak-detail-title").textContent = `${cardNumber(card)}. ${card.title}`;
  $("ak-detail-desc").textContent = card.description || "";
  showPicture($("ak-detail-figure"), card);
  const placed = placementOf(card.id);
  const bits = [placed ? words(placed.x, placed.y) : strings.not_placed];
  if (card.locked) bits.push(strings.locked);
  $("ak-detail-status").textContent = bits.join(" · ");

  const resultEl = $("ak-detail-result");
  if (card.revealed && card.result) {
    resultEl.hidden = false;
    resultEl.textContent = card.result.n
      ? fmt(strings.result, { where: words(card.result.mean[0], card.result.mean[1]), n: card.result.n })
      : strings.result_none;
  } else {
    resultEl.hidden = true;
  }
  $("ak-comment-form").hidden = !(placed && state.confirmed[String(card.id)] && state.session.state === "open");
}

// Pointer: drag a chip onto the grid, or press on the grid to place the selected card.

function bindChip(chip, card) {
  chip.addEventListener("pointerdown", (e) => {
    if (e.button !== 0) return;
    state.drag = { card, pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, moving: false, over: null, ghost: null, from: chip };
    chip.setPointerCapture(e.pointerId);
  });
  chip.addEventListener("pointermove", (e) => dragMove(e));
  chip.addEventListener("pointerup", (e) => dragEnd(e, true));
  chip.addEventListener("pointercancel", (e) => dragEnd(e, false));
  chip.addEventListener("lostpointercapture", (e) => {
    if (state.drag && state.drag.from === chip && state.drag.pointerId === e.pointerId) dragEnd(e, false);
  });
  chip.addEventListener("click", () => {
    if (state.suppressClick) {
      state.suppressClick = false;
      return;
    }
    select(card.id);
  });
  chip.addEventListener("keydown", (e) => chipKey(e, card));
}

function dragMove(e) {
  const drag = state.drag;
  if (!drag || drag.pointerId !== e.pointerId) return;
  if (!drag.moving) {
    if (Math.hypot(e.clientX - drag.startX, e.clientY - drag.startY) < 8) return;
    drag.moving = true;
    if (!canMove(drag.card)) {
      announce(drag.card.locked ? strings.err_2003 : strings.err_2002);
      state.drag = null;
      return;
    }
    if (String(state.selected) !== String(drag.card.id)) select(drag.card.id);
    drag.ghost = document.createElement("div");
    drag.ghost.className = "ak-ghost";
    drag.ghost.textContent = cardNumber(drag.card);
    drag.ghost.setAttribute("aria-hidden", "true");
    document.body.append(drag.ghost);
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
  if (drag.ghost) drag.ghost.remove();
  if (state.chipsStale) render();
  if (drag.moving) {
    state.suppressClick = true;
    setTimeout(() => (state.suppressClick = false), 0);
    if (drop && drag.over) place(drag.card, drag.over.x, drag.over.y);
    else renderGrid();
  }
}

svg.addEventListener("pointerdown", (e) => {
  const card = cardById(state.selected);
  if (!card || !canMove(card) || e.button !== 0) return;
  const pos = toData(svg, e.clientX, e.clientY);
  if (!pos || !pos.inside) return;
  e.preventDefault();
  svg.setPointerCapture(e.pointerId);
  state.drag = { card, pointerId: e.pointerId, moving: true, over: pos, ghost: null, from: svg };
  renderGrid();
});
svg.addEventListener("pointermove", (e) => {
  const drag = state.drag;
  if (!drag || drag.from !== svg || drag.pointerId !== e.pointerId) return;
  const pos = toData(svg, e.clientX, e.clientY);
  if (pos) drag.over = pos;
  renderGrid();
});
svg.addEventListener("pointerup", (e) => {
  if (state.drag && state.drag.from === svg) dragEnd(e, true);
});
svg.addEventListener("pointercancel", (e) => {
  if (state.drag && state.drag.from === svg) dragEnd(e, false);
});

// Keyboard: arrows move a cursor in steps of 0.1, Enter places, Escape stops.

const STEP = 0.1;
const KEYS = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, STEP], ArrowDown: [0, -STEP] };

function chipKey(e, card) {
  if (e.key in KEYS) {
    e.preventDefault();
    if (!canMove(card)) {
      announce(card.locked ? strings.err_2003 : strings.err_2002);
      return;
    }
    if (String(state.selected) !== String(card.id)) select(card.id);
    if (!state.cursor) {
      const p = placementOf(card.id);
      state.cursor = p ? { x: p.x, y: p.y } : { x: 0, y: 0 };
    }
    const [dx, dy] = KEYS[e.key];
    state.cursor = { x: round(clamp(state.cursor.x + dx)), y: round(clamp(state.cursor.y + dy)) };
    renderGrid();
    announce(words(state.cursor.x, state.cursor.y));
  } else if (e.key === "Enter" && state.cursor && String(state.selected) === String(card.id)) {
    e.preventDefault();
    const { x, y } = state.cursor;
    state.cursor = null;
    place(card, x, y);
  } else if (e.key === "Escape" && state.cursor) {
    state.cursor = null;
    renderGrid();
  }
}

// Role and comment -----------------------------------------------------------

for (const button of document.querySelectorAll("button.ak-role")) {
  button.addEventListener("click", () => chooseRole(button.dataset.role));
}
$("ak-role-change").addEventListener("click", () => {
  state.choosingRole = true;
  render();
});

$("ak-comment").addEventListener("focus", () => document.body.classList.add("ak-typing"));
$("ak-comment").addEventListener("blur", () => document.body.classList.remove("ak-typing"));

$("ak-comment-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const card = cardById(state.selected);
  if (!card) return;
  const text = $("ak-comment").value.trim().slice(0, 280);
  const status = $("ak-comment-status");
  status.textContent = "…";
  socket
    .send({ type: "comment", card: card.id, text })
    .then(() => {
      const key = String(card.id);
      if (state.confirmed[key]) state.confirmed[key].comment = text;
      status.textContent = strings.saved;
    })
    .catch((err) => {
      status.textContent = strings[`err_${err.code}`] || err.message || strings.err_other;
      if (err.code === 2005) {
        // The facilitator reset this card: what this phone shows is gone on the server.
        delete state.confirmed[String(card.id)];
        render();
      }
    });
});

