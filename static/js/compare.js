// Do two groups (artists and community workers) place a card differently, by
// more than chance would give? The browser's copy of workshop/lib/compare.py (the
// method and its reasons are there and in docs/printables.md);
// tests/browser/test_js_stats.py holds the two to the same answers.

export const MIN_COMPARED = 5;
export const SURE = 0.05;
const EXACT_SPLITS = 5000;
const TIE = 1e-9;

function mean(values) {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function binomial(n, k) {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** erfc to about 1e-7 (Numerical Recipes' erfcc); Math has none. */
function erfc(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

function bellCurveP(pooled, nA, observed) {
  const n = pooled.length;
  const centre = mean(pooled);
  const variance = pooled.reduce((s, v) => s + (v - centre) ** 2, 0) / n;
  const spread = Math.sqrt(((variance * n) / (n - 1)) * (1 / nA + 1 / (n - nA)));
  if (spread === 0) return 1;
  return erfc(observed / spread / Math.SQRT2);
}

/** Two-sided permutation p of the gap between the means of a and b. */
export function pValue(a, b) {
  const pooled = [...a, ...b];
  const n = pooled.length;
  const k = Math.min(a.length, b.length);
  const total = pooled.reduce((s, v) => s + v, 0);
  const observed = Math.abs(mean(a) - mean(b));
  if (binomial(n, k) > EXACT_SPLITS) return bellCurveP(pooled, a.length, observed);
  let atLeast = 0;
  let splits = 0;
  const walk = (start, left, part) => {
    if (left === 0) {
      const gap = Math.abs(part / k - (total - part) / (n - k));
      if (gap >= observed - TIE) atLeast += 1;
      splits += 1;
      return;
    }
    for (let i = start; i <= n - left; i++) walk(i + 1, left - 1, part + pooled[i]);
  };
  walk(0, k, 0);
  return atLeast / splits;
}

/**
 * Groups a and b ([{x, y}]) compared on both axes: {nA, nB, enough, differs, p,
 * axes: [{a, b, p, clear}] or null}. `differs` when an axis's p < SURE / 2.
 */
export function compareGroups(a, b) {
  const result = { nA: a.length, nB: b.length, enough: false, differs: false, p: 1, axes: null };
  if (Math.min(a.length, b.length) < MIN_COMPARED) return result;
  result.enough = true;
  result.axes = ["x", "y"].map((axis) => {
    const xs = a.map((p) => p[axis]);
    const ys = b.map((p) => p[axis]);
    const p = pValue(xs, ys);
    return { a: mean(xs), b: mean(ys), p, clear: p < SURE / 2 };
  });
  result.differs = result.axes.some((axis) => axis.clear);
  result.p = Math.min(1, 2 * Math.min(...result.axes.map((axis) => axis.p)));
  return result;
}
