// The widget demo page: defines <reo-lca-compare> from the package build beside the calculator
// and wires the form to the attributes of #live.
import './pkg/widget.js';

const live = document.getElementById('live');
for (const id of ['oxide', 'allocation']) {
  const select = document.getElementById(id);
  select.value = live.getAttribute(id);
  select.addEventListener('change', () => live.setAttribute(id, select.value));
}
document.getElementById('controls').addEventListener('submit', (e) => e.preventDefault());
