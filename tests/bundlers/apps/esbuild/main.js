import init, { compare } from 'reo-lca';
import wasmUrl from 'reo-lca/reo_lca_bg.wasm';
import 'reo-lca/widget'; // defines <reo-lca-compare>, which shares the module loaded below

await init({ module_or_path: new URL(wasmUrl, import.meta.url) });
const c = compare({ preset: 'ionic-missouri' });
const out = document.getElementById('result');
out.textContent = `recycled ${c.recycled.total.toFixed(2)}, mined ${c.mined.total.toFixed(2)} kg CO2-eq/kg`;
out.dataset.recycled = String(c.recycled.total);
out.dataset.mined = String(c.mined.total);
