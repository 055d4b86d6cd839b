// Results page after the session: fit each card's chart to the phone, as the
// live grid is (cropped to the plot, quadrant names on two lines where needed).
import { fitLabels } from "./grid.js";

for (const svg of document.querySelectorAll("svg.ak-grid-result")) fitLabels(svg);
