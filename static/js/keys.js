// The phone's keyboard: arrows move a cursor in steps of 0.1, Enter places,
// Escape stops; every press says where the cursor is on both axes.
// Fetched after the page's load (place.js), so the first load stays light.

import { fmt } from "./live.js";
import { clamp, describe, round } from "./grid.js";

const STEP = 0.1;
const KEYS = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, STEP], ArrowDown: [0, -STEP] };

/** The key handler for a card's chip; `page` is what place.js lends it. */
export function keyboard(page) {
  return (e, card) => chipKey(page, e, card);
}

function chipKey(page, e, card) {
  const { state } = page;
  if (e.key in KEYS) {
    e.preventDefault();
    if (!page.canMove(card)) {
      page.choose(card);
      return;
    }
    if (String(state.selected) !== String(card.id) || !state.armed) {
      state.fresh.delete(String(card.id));
      page.setSelected(card.id, true);
      page.render();
    }
    if (!state.cursor) {
      const p = page.placementOf(card.id);
      state.cursor = p ? { x: p.x, y: p.y } : { x: 0, y: 0 };
    }
    const [dx, dy] = KEYS[e.key];
    state.cursor = { x: round(clamp(state.cursor.x + dx)), y: round(clamp(state.cursor.y + dy)) };
    page.renderGrid();
    page.announce(positionWords(state.session.axes, page.strings, state.cursor.x, state.cursor.y));
  } else if (e.key === "Enter" && state.cursor && String(state.selected) === String(card.id)) {
    e.preventDefault();
    const { x, y } = state.cursor;
    state.cursor = null;
    page.place(card, x, y);
    // Keyboard focus follows the selection to the next card.
    const chip = document.querySelector(".ak-chip-selected") || document.querySelector(`.ak-chip[data-card="${card.id}"]`);
    if (chip) chip.focus();
  } else if (e.key === "Escape" && state.cursor) {
    state.cursor = null;
    page.renderGrid();
  }
}

/**
 * The cursor's place in words a person can picture, on both axes: how many of
 * the 10 steps towards each end, at the edge, on a line, or in the middle.
 */
export function positionWords(axes, strings, x, y) {
  const steps = (v) => Math.round(Math.abs(v) * 10);
  const along = (v, from, to) => {
    const n = steps(v);
    const end = v < 0 ? from : to;
    if (n === 0) return fmt(strings.pos_between, { from, to });
    if (n >= 10) return fmt(strings.pos_edge, { end });
    return fmt(n === 1 ? strings.pos_step : strings.pos_steps, { n, end });
  };
  if (!steps(x) && !steps(y)) return strings.pos_centre;
  const where = steps(x) && steps(y) ? describe(axes, strings, x, y).quadrant : strings.pos_on_line;
  return `${where}: ${along(x, axes.x_from, axes.x_to)}, ${along(y, axes.y_from, axes.y_to)}`;
}
