const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.onmessage = ({ data }) => {
  if (data === 'ready') return worker.postMessage({ preset: 'ionic-missouri' });
  const out = document.getElementById('result');
  out.textContent = `recycled ${data.recycled.toFixed(2)}, mined ${data.mined.toFixed(2)} kg CO2-eq/kg (in a worker)`;
  out.dataset.recycled = String(data.recycled);
  out.dataset.mined = String(data.mined);
};
