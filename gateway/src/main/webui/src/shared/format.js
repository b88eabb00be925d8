// Money is integer fen; times are shown in China Standard Time whatever the phone's time zone.
export function yuan(fen) {
  if (fen === null || fen === undefined || !Number.isFinite(Number(fen))) return '—';
  const n = Math.round(Number(fen));
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${whole}.${cents}`;
}

const CST = 'Asia/Shanghai';
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: CST, year: 'numeric', month: 'numeric', day: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: CST, hour: '2-digit', minute: '2-digit', hour12: false });

function parts(d) {
  const o = {};
  for (const p of dateFmt.formatToParts(d)) o[p.type] = p.value;
  return o;
}

/** 2026年6月1日 */
export function date(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  const p = parts(d);
  return `${p.year}年${p.month}月${p.day}日`;
}

/** 2026年6月1日 08:00 */
export function dateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return `${date(iso)} ${timeFmt.format(d)}`;
}

/** yyyyMMdd (a plate token's issue date) → 2026年6月1日 */
export function compactDate(s) {
  if (!/^\d{8}$/.test(s || '')) return '—';
  return `${s.slice(0, 4)}年${Number(s.slice(4, 6))}月${Number(s.slice(6, 8))}日`;
}
