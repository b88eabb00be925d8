// The last plate shown, kept on the phone so that it can be shown to an inspector without signal. It holds what
// the printed plate shows anyway (number, QR, status, issue date) and no credential.
const KEY = 'ebike.lastPlate';

export function savePlate(p) {
  try { localStorage.setItem(KEY, JSON.stringify({ ...p, savedAt: new Date().toISOString() })); } catch (e) { /* full or private */ }
}

export function lastPlate() {
  try { return JSON.parse(localStorage.getItem(KEY)); } catch (e) { return null; }
}

export function forgetPlate() {
  try { localStorage.removeItem(KEY); } catch (e) { /* ignore */ }
}
