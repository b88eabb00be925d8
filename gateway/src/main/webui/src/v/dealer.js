// A shop's public credit card (品质信用码, /v/dealer/<id>): what anyone sees after scanning the QR hung in the
// shop — the grade A–D, the supervision measure, the reasons in words, whether it is an authorised trade-in
// agent point — and the printable QR of this very page. No sign-in, nothing personal (GET /api/dealers/{id}/public).
// Plain DOM like the plate check: a few KB, and server text is always inserted as text.
import './style.css';
import './dealer.css';
import { date } from '../shared/format.js';
import { COPY } from '../shared/copy.js';

const app = document.getElementById('app');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GRADE_TEXT = { A: '守信', B: '基本守信', C: '关注', D: '失信风险' };

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function message(kind, heading, text) {
  app.replaceChildren(
    el('h1', { class: 'title' }, '商户品质信用码'),
    el('section', { class: `verdict ${kind}`, role: 'status', 'data-state': kind }, el('h2', {}, heading), el('p', {}, text)),
  );
}

function card(id, c) {
  const grade = String(c.grade || '');
  const qr = el('img', {
    class: 'qr', src: `/api/dealers/${id}/public/qr.svg`, width: '200', height: '200',
    alt: `${c.name}的品质信用码二维码`, 'data-test': 'dealer-qr',
  });
  const print = el('button', { type: 'button', class: 'no-print', 'data-test': 'print' }, '打印信用码');
  print.addEventListener('click', () => window.print());
  app.replaceChildren(
    el('h1', { class: 'title' }, '商户品质信用码'),
    el('section', { class: `grade grade-${grade}`, 'data-test': 'grade', 'data-grade': grade },
      el('div', { class: 'letter', 'aria-hidden': 'true' }, grade),
      el('div', {},
        el('h2', { 'data-test': 'dealer-name' }, c.name),
        el('p', {}, `信用等级 ${grade}（${GRADE_TEXT[grade] || ''}）`),
        el('p', { 'data-test': 'measure' }, c.measureLabel || c.measure))),
    el('dl', { class: 'facts' },
      el('div', {}, el('dt', {}, '所在区县'), el('dd', {}, c.district)),
      el('div', {}, el('dt', {}, '以旧换新代办点'),
        el('dd', { 'data-test': 'agent' }, c.authorizedAgent ? '已授权' : '未授权或已暂停')),
      el('div', {}, el('dt', {}, '最近检查'), el('dd', {}, c.lastInspectedAt ? date(c.lastInspectedAt) : '尚未检查'))),
    el('section', { class: 'reasons' },
      el('h2', {}, '评级依据'),
      el('ul', { 'data-test': 'reasons' }, ...(c.reasons || []).map((r) => el('li', {}, r)))),
    el('section', { class: 'qr-box' }, qr, el('p', {}, '扫码查看本店最新信用信息'), print),
    el('p', { class: 'note' }, '信用等级由市场监管部门依据近12个月“一店一查”检查、抽检和整改情况评定。'),
  );
  document.title = `${c.name} · 品质信用码`;
}

async function load(attempt = 0) {
  const id = location.pathname.replace(/\/+$/, '').split('/').pop();
  if (!UUID.test(id || '')) {
    message('unknown', '未找到该商户', '请扫描商户店内张贴的品质信用码二维码。');
    return;
  }
  let res;
  try {
    res = await fetch(`/api/dealers/${id}/public`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  } catch (e) {
    message('offline', '暂时无法查询', COPY.network);
    return;
  }
  if (res.status === 429 && attempt < 3) {
    const wait = Math.min(60, Number(res.headers.get('Retry-After')) || 5);
    message('offline', '查询人数较多', `请稍候，${wait} 秒后自动重试。`);
    setTimeout(() => load(attempt + 1), wait * 1000);
    return;
  }
  if (res.status === 404) {
    message('unknown', '未找到该商户', '该商户不存在或已不在平台上，请向市场监管部门核实。');
    return;
  }
  if (!res.ok) {
    message('offline', '暂时无法查询', COPY.network);
    return;
  }
  card(id, await res.json());
}

load();
