import init, { compare } from 'reo-lca';
import 'reo-lca/widget'; // defines <reo-lca-compare>, which shares the loaded module

await init();
const c = compare({ preset: 'ionic-missouri' });
const out = document.getElementById('result');
out.textContent = `recycled ${c.recycled.total.toFixed(2)}, mined ${c.mined.total.toFixed(2)} kg CO2-eq/kg`;
out.dataset.recycled = String(c.recycled.total);
out.dataset.mined = String(c.mined.total);
