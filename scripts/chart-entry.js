// The parts of Chart.js the page draws with (horizontal and vertical bar charts on linear and
// category axes, with a legend and tooltips), bundled by scripts/build-vendor.mjs into
// www/vendor/chart.js so the page loads and parses only those.
import { Chart, BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export { Chart };
