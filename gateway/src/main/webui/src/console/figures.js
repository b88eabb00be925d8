// Number and date formatting of the console's figures (money: @shared/format.js's yuan; times in China Standard Time).
export const pct = (r) => (r === null || r === undefined ? '—' : `${(Number(r) * 100).toFixed(1)}%`);
export const num = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('zh-CN'));
const dayFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' });
/** 6/1 (a chart axis label, China Standard Time) */
export const day = (iso) => dayFmt.format(new Date(iso));

export function serviceName(s) {
  return { 'registration-service': '登记服务', 'tradein-service': '以旧换新服务', 'subsidy-service': '补贴服务' }[s] || s;
}

/**
 * "部分数据暂不可用（…）" for the services a composed answer names as unavailable; {@code missing} says what the
 * page lacks because of them (e.g. "下表暂缺这些服务的异常信号"), otherwise the rest is said to show as usual.
 */
export function unavailableNote(services, missing) {
  const s = [...new Set(services)];
  if (!s.length) return '';
  const names = s.map(serviceName).join('、');
  return missing ? `部分数据暂不可用（${names}）：${missing}，其余照常显示，请稍后刷新。`
    : `部分数据暂不可用（${names}），其余数据照常显示。`;
}

/** The services named by a composed answer: its X-Unavailable-Services header (comma-separated) and its body's list. */
export function unavailableOf(headers, body) {
  const fromHeader = ((headers && headers.get('X-Unavailable-Services')) || '').split(',').map((x) => x.trim()).filter(Boolean);
  const fromBody = (body && !Array.isArray(body) && Array.isArray(body.unavailable)) ? body.unavailable : [];
  return [...new Set([...fromHeader, ...fromBody])];
}

