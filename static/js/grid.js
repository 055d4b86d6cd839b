// The grid SVG from workshop/lib/charts.py, live: pointer <-> data space, and drawing.
//
// Contract (charts.py docstring): the root <svg> carries data-plot-x0/-y0/-size
// in viewBox units; data space is [-1, 1]² with y up; live dots go into <g class="ak-dots">.

const SVG_NS = "http://www.w3.org/2000/svg";

export function plotBox(svg) {
  return {
    x0: Number(svg.dataset.plotX0),
    y0: Number(svg.dataset.plotY0),
    size: Number(svg.dataset.plotSize),
  };
}

/** A clip path of the plot square (made once per chart): marks that reach past the grid stop at its edge. */
export function plotClip(svg) {
  const id = `${svg.id || "ak-chart"}-plot-clip`;
  if (!svg.querySelector(`clipPath[id="${id}"]`)) {
    const { x0, y0, size } = plotBox(svg);
    const clip = el("clipPath", { id });
    clip.append(el("rect", { x: x0, y: y0, width: size, height: size }));
    svg.prepend(clip);
  }
  return `url(#${id})`;
}

export function clamp(v, lo = -1, hi = 1) {
  return Math.min(hi, Math.max(lo, v));
}

/** Data coordinates to viewBox coordinates. */
export function toSvg(svg, x, y) {
  const { x0, y0, size } = plotBox(svg);
  return { cx: x0 + ((x + 1) / 2) * size, cy: y0 + (1 - (y + 1) / 2) * size };
}

/** A pointer position (client pixels) to data space; inside is false off the plot. */
export function toData(svg, clientX, clientY) {
  const ctm = svg.getScreenCTM();
  if (!ctm) return null;
  const p = new DOMPoint(clientX, clientY).matrixTransform(ctm.inverse());
  const { x0, y0, size } = plotBox(svg);
  const x = ((p.x - x0) / size) * 2 - 1;
  const y = 1 - ((p.y - y0) / size) * 2;
  const inside = x >= -1 && x <= 1 && y >= -1 && y <= 1;
  return { x: round(clamp(x)), y: round(clamp(y)), inside };
}

export function round(v) {
  return Math.round(v * 100) / 100;
}

function el(name, attrs = {}, cls = "") {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (cls) node.setAttribute("class", cls);
  return node;
}

/** The roles' colours, from the one table (workshop/lib/role_colours.py) the page hands
 * over as JSON: each .ak-role-NAME gets --role (its fill), --role-outline and
 * --role-ring, the only colours static/css gives a role. A constructed style sheet:
 * nothing inline for the page's CSP (style-src 'self') to refuse. */
export function useRoleColours(table) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(
    Object.entries(table)
      .map(([name, c]) => `.ak-role-${CSS.escape(name)} { --role: ${c.fill}; --role-outline: ${c.outline}; --role-ring: ${c.ring}; }`)
      .join("\n"),
  );
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** A layer <g> (created once) just before or after the dots layer. */
export function layer(svg, name, { above = false } = {}) {
  let g = svg.querySelector(`g.${name}`);
  if (g) return g;
  g = el("g", {}, name);
  const dots = dotsLayer(svg);
  if (above) dots.after(g);
  else dots.before(g);
  return g;
}

export function dotsLayer(svg) {
  let g = svg.querySelector("g.ak-dots");
  if (!g) {
    g = el("g", {}, "ak-dots");
    svg.append(g);
  }
  return g;
}

/**
 * Draw a room's dots on `svg` at a size that suits their number: `base` up to
 * 60 dots, then smaller (down to 43 % of it), and fainter from 150 on (the
 * svg gets `ak-dense`), so a full hall reads as a crowd, not one blob. The
 * quadrant names stay under the dots: a name never hides a placement.
 */
export function drawCrowd(svg, dots, base) {
  const r = dots.length <= 60 ? base : Math.max(base * 0.43, base * Math.sqrt(60 / dots.length));
  for (const d of dots) d.r = r;
  svg.classList.toggle("ak-dense", dots.length >= 150);
  drawDots(dotsLayer(svg), dots);
}

/** Replace what `g` shows with dots: [{x, y, cls, title, label, r}]. */
export function drawDots(g, dots) {
  const svg = g.ownerSVGElement;
  g.replaceChildren();
  for (const d of dots) {
    const { cx, cy } = toSvg(svg, d.x, d.y);
    const r = d.r || 11;
    // A square marks a paper vote, so it reads apart from phones without colour.
    const circle = d.square
      ? el("rect", { x: (cx - r).toFixed(1), y: (cy - r).toFixed(1), width: 2 * r, height: 2 * r }, `${d.cls || "ak-dot"} ak-dot-paper`)
      : el("circle", { cx: cx.toFixed(1), cy: cy.toFixed(1), r }, d.cls || "ak-dot");
    if (d.title) {
      const t = el("title");
      t.textContent = d.title;
      circle.append(t);
    }
    g.append(circle);
    if (d.label) {
      const text = el("text", { x: cx.toFixed(1), y: (cy + 1).toFixed(1), "text-anchor": "middle", "dominant-baseline": "middle" }, "ak-dot-label");
      text.textContent = d.label;
      g.append(text);
    }
  }
}

/**
 * Mean (circle), a dashed ellipse around it with radii `ring` per axis (the
 * projector's and control page's hold two in three placements: findings.js core)
 * and agreed position (diamond).
 */
export function drawResult(g, { mean = null, ring = null, agreed = null, cls = "", showMean = true } = {}) {
  const svg = g.ownerSVGElement;
  const { size } = plotBox(svg);
  g.replaceChildren();
  if (mean && ring) {
    const { cx, cy } = toSvg(svg, mean[0], mean[1]);
    g.append(
      el("ellipse", {
        cx: cx.toFixed(1), cy: cy.toFixed(1),
        rx: Math.max(4, (ring[0] * size) / 2).toFixed(1),
        ry: Math.max(4, (ring[1] * size) / 2).toFixed(1),
        "clip-path": plotClip(svg),
      }, `ak-spread ${cls}`),
    );
  }
  if (mean && showMean) {
    const { cx, cy } = toSvg(svg, mean[0], mean[1]);
    g.append(el("circle", { cx: cx.toFixed(1), cy: cy.toFixed(1), r: 18 }, `ak-mean ${cls}`));
  }
  if (agreed) {
    const { cx, cy } = toSvg(svg, agreed[0], agreed[1]);
    const d = `M${cx - 22},${cy} L${cx},${cy - 22} L${cx + 22},${cy} L${cx},${cy + 22} Z`;
    g.append(el("path", { d }, `ak-agreed ${cls}`));
  }
}

const NAME_LINES = 3;
const NAME_MIN_FONT = 14; // viewBox units: about 6 px on a phone, still there to read closely

/**
 * Make the chart fit a screen: crop the viewBox to the plot and its labels,
 * then lay out each quadrant's name in its own corner: wrapped over up to
 * three lines at the page's size, shrunk only when that is not enough, so
 * two names never run into each other at any length the form allows.
 * Call once the SVG is visible: hidden text has no length.
 */
export function fitLabels(svg) {
  const { x0, y0, size } = plotBox(svg);
  if (!svg.dataset.cropped) {
    // Axis labels on the left and below; on the right and above, room for a
    // mark in a corner (a dot, a paper square or the diamond: 22 units at most)
    // to show whole, not cut off by the chart's edge.
    const edge = 24;
    svg.setAttribute("viewBox", `${x0 - 70} ${y0 - edge} ${size + 70 + edge} ${size + 72 + edge}`);
    svg.dataset.cropped = "1";
  }
  const length = (text) => {
    try {
      return text.getComputedTextLength();
    } catch {
      return 0;
    }
  };
  const floor = smallestType(svg);
  // The server writes a name as one <text> per line; join them per corner.
  const corners = new Map();
  for (const text of svg.querySelectorAll("text.ak-quadrant")) {
    const left = text.getAttribute("text-anchor") === "start";
    const top = Number(text.getAttribute("y")) < y0 + size / 2;
    const key = `${top ? "top" : "bottom"}-${left ? "left" : "right"}`;
    if (!corners.has(key)) corners.set(key, { top, texts: [] });
    corners.get(key).texts.push(text);
  }
  for (const { top, texts } of corners.values()) {
    texts.sort((a, b) => Number(a.getAttribute("y")) - Number(b.getAttribute("y")));
    const name = texts.map((t) => t.dataset.name || t.textContent).join(" ").replace(/\s+/g, " ").trim();
    const text = texts[0];
    for (const extra of texts.slice(1)) extra.remove();
    text.dataset.name = name;
    text.style.removeProperty("font-size");
    text.replaceChildren(name);
    if (!length(text)) continue;
    text.setAttribute("y", String(top ? y0 + 44 : y0 + size - 28));
    layoutName(text, name, size / 2 - 56, size * 0.2, length, floor);
  }
  for (const text of svg.querySelectorAll("text.ak-axis-label")) fitAxisLabel(text, size / 2 - 10, floor, length);
}

/**
 * The smallest type a page allows on its grid, in viewBox units: the projector
 * sets data-min-text (a share of the screen's height, read from the back row).
 */
function smallestType(svg) {
  const share = Number(svg.dataset.minText || 0);
  const scale = share ? svg.getScreenCTM()?.a : 0;
  return scale ? (share * window.innerHeight) / scale : 0;
}

/** An axis label within `limit`: shrunk, but not below `floor`; there the name is cut, keeping its arrow. */
function fitAxisLabel(text, limit, floor, length) {
  const label = text.dataset.name || text.textContent;
  text.dataset.name = label;
  text.textContent = label;
  text.style.removeProperty("font-size");
  const base = parseFloat(getComputedStyle(text).fontSize) || 30;
  if (floor > base) text.style.fontSize = `${floor.toFixed(1)}px`;
  const font = Math.max(base, floor);
  const widest = length(text);
  if (widest <= limit) return;
  text.style.fontSize = `${Math.max(floor, Math.floor((font * limit) / widest)).toFixed(1)}px`;
  if (!floor) return;
  const arrowFirst = label.startsWith("← ");
  const name = arrowFirst ? label.slice(2) : label.replace(/ →$/, "");
  for (let n = name.length - 1; n > 0 && length(text) > limit; n--) {
    const cut = `${name.slice(0, n).trimEnd()}…`;
    text.textContent = arrowFirst ? `← ${cut}` : `${cut} →`;
  }
}

/** Wrap `name` into `text` as tspans within width × height (viewBox units), growing away from its edge. */
function layoutName(text, name, width, height, length, floor = 0) {
  const css = parseFloat(getComputedStyle(text).fontSize) || 30;
  const base = Math.max(floor, css); // names are measured at this size
  if (base !== css) text.style.fontSize = `${base.toFixed(1)}px`;
  const smallest = Math.max(NAME_MIN_FONT, floor);
  const words = name.split(" ");
  const measure = (s) => {
    text.textContent = s;
    return length(text);
  };
  const widths = new Map(words.map((w) => [w, measure(w)]));
  const space = measure("a a") - measure("aa");
  let font = base;
  let lines = [name];
  for (;;) {
    const room = (width * base) / font; // the width at the base size
    lines = [];
    let line = "";
    let used = 0;
    for (const word of words) {
      const w = widths.get(word);
      if (line && used + space + w <= room) {
        line += ` ${word}`;
        used += space + w;
      } else {
        if (line) lines.push(line);
        line = word;
        used = w;
      }
    }
    lines.push(line);
    const fits = lines.length <= NAME_LINES && lines.every((l) => measure(l) <= room) && lines.length * font * 1.15 <= height;
    if (fits || font * 0.92 < smallest) break;
    font *= 0.92;
  }
  if (font !== css) text.style.fontSize = `${font.toFixed(1)}px`;
  if (floor) lines = cutLines(lines, Math.min(NAME_LINES, Math.floor(height / (font * 1.15))), (l) => measure(l) <= (width * base) / font);
  const bottom = isBottom(text);
  const x = text.getAttribute("x");
  text.replaceChildren(
    ...lines.map((l, i) => {
      const tspan = document.createElementNS(SVG_NS, "tspan");
      tspan.setAttribute("x", x);
      // Top names grow down from their line; bottom names grow up to it.
      tspan.setAttribute("dy", i === 0 ? (bottom ? `${-(lines.length - 1) * 1.15}em` : "0") : "1.15em");
      tspan.textContent = l;
      return tspan;
    }),
  );
}

/** At the smallest type: the first `most` lines, the last one ending in "…" where words were left off. */
function cutLines(lines, most, fits) {
  if (lines.length <= most && lines.every(fits)) return lines;
  const kept = lines.slice(0, Math.max(1, most));
  let last = kept.pop();
  while (last.length > 1 && !fits(`${last}…`)) last = last.slice(0, -1).trimEnd();
  return [...kept, `${last}…`];
}

function isBottom(text) {
  const { y0, size } = plotBox(text.ownerSVGElement);
  return Number(text.getAttribute("y")) > y0 + size / 2;
}

/**
 * Put new axis labels and quadrant names on a grid the server drew with older ones
 * (the facilitator edited them while the page was open), and fit them again.
 * axes: Session.axes() as the snapshot or view carries it; the grid's texts carry
 * their key as data-axis (workshop/lib/charts.py). Returns whether anything changed.
 */
export function relabel(svg, axes) {
  if (!svg || !axes) return false;
  const flat = (text) => text.replace(/\s+/g, "");
  const groups = new Map();
  for (const text of svg.querySelectorAll("text[data-axis]")) {
    const key = text.dataset.axis;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(text);
  }
  let changed = false;
  for (const [key, texts] of groups) {
    if (typeof axes[key] !== "string") continue;
    const label = key.endsWith("_from") ? `← ${axes[key]}` : key.endsWith("_to") ? `${axes[key]} →` : axes[key];
    const shown = texts.map((t) => t.dataset.name || t.textContent).join("");
    if (flat(shown) === flat(label)) continue;
    const [first, ...rest] = texts; // a quadrant's name may be one text per line
    for (const text of rest) text.remove();
    first.textContent = label;
    if (first.dataset.name) first.dataset.name = label;
    first.removeAttribute("font-size");
    first.style.removeProperty("font-size");
    changed = true;
  }
  if (changed) fitLabels(svg);
  return changed;
}

/** Position in words: the quadrant's name and how far from the middle. */
export function describe(axes, strings, x, y) {
  const vertical = y >= 0 ? "top" : "bottom";
  const horizontal = x >= 0 ? "right" : "left";
  const quadrant = axes[`${vertical}_${horizontal}`];
  const distance = Math.max(Math.abs(x), Math.abs(y));
  const strength =
    distance < 0.34 ? strings.strength_weak : distance < 0.67 ? strings.strength_medium : strings.strength_strong;
  return { quadrant, strength };
}
