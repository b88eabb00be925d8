// A CSV download needs the bearer token, which a plain link cannot send: fetch it, then hand the browser a blob.
// The BOM makes Excel read the Chinese as UTF-8 (added unless the server already sent one).
import { api } from '@shared/api.js';

export async function downloadCsv(path, filename) {
  const text = await api('GET', path, { accept: 'csv' });
  const parts = text.startsWith('\uFEFF') ? [text] : ['\uFEFF', text];
  const url = URL.createObjectURL(new Blob(parts, { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
