// The public plate check (验牌): the page a phone camera opens when it scans a printed plate. The token is in
// the URL fragment, which never reaches a server log. Two independent checks: the signature here in the browser
// against the published key (so "genuine" holds even without the network), and the registry's answer
// (revoked? whose bike?) from POST /api/plates/verify.
import './style.css';
import { parseToken, tokenOf, verifySignature } from '../shared/plate.js';
import { compactDate } from '../shared/format.js';
import { CATEGORY, COPY } from '../shared/copy.js';

const app = document.getElementById('app');
const KEY_CACHE = 'ebike.platePublicKey';

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c))); // server text stays text
  }
  return e;
}

function facts(rows) {
  const dl = el('dl', { class: 'facts' });
  for (const [k, v] of rows) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(el('div', {}, el('dt', {}, k), el('dd', {}, v)));
  }
  return dl;
}

function render(kind, heading, text, rows, note) {
  app.replaceChildren(
    el('h1', { class: 'title' }, '电动自行车数字号牌核验'),
    el('section', { class: `verdict ${kind}`, 'data-verdict': kind, role: 'status' }, el('h2', {}, heading), el('p', {}, text)),
    rows ? facts(rows) : null,
    note ? el('p', { class: 'note' }, note) : null,
  );
}

async function publicKey() {
  try {
    const res = await fetch('/api/plates/public-key', { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) throw new Error(String(res.status));
    const doc = await res.json();
    try { localStorage.setItem(KEY_CACHE, JSON.stringify({ publicKey: doc.publicKey, previousKeys: doc.previousKeys || [] })); } catch (e) { /* private mode */ }
    return doc;
  } catch (e) {
    // the key is public: a copy kept from an earlier check lets the signature be checked offline
    try { return JSON.parse(localStorage.getItem(KEY_CACHE)); } catch (e2) { return null; }
  }
}

async function registry(token) {
  try {
    const res = await fetch('/api/plates/verify', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ qrPayload: token }), cache: 'no-store',
    });
    if (!res.ok) return null;
    return await res.json();
  } catch (e) {
    return null;
  }
}

async function check() {
  let fragment = location.hash.slice(1);
  try { fragment = decodeURIComponent(fragment); } catch (e) { /* not percent-encoded: as it is */ }
  const token = tokenOf(fragment);
  if (!token) {
    render('unknown', '请扫描号牌二维码', '用手机相机扫描电动自行车数字号牌上的二维码，即可在此核验号牌真伪与状态。');
    return;
  }
  const claims = parseToken(token);
  if (!claims) {
    render('fake', '非真实号牌', '二维码内容不是有效的数字号牌。');
    return;
  }
  const [doc, answer] = await Promise.all([publicKey(), registry(token)]);
  let genuine = null;
  if (doc) {
    try { genuine = await verifySignature(token, doc); } catch (e) { genuine = null; }
  }
  const plateRows = (a) => [
    ['号牌号码', (a && a.plateNumber) || claims.plateNumber],
    ['签发日期', compactDate(claims.issueDate)],
    ['车辆类型', a && a.category ? CATEGORY[a.category] || a.category : null],
    ['品牌', a && a.brand], ['型号', a && a.model], ['车主', a && a.ownerName],
  ];
  if (genuine === false || (answer && (answer.reason === 'BAD_SIGNATURE' || answer.reason === 'MALFORMED'))) {
    render('fake', '非真实号牌', '二维码签名核验未通过：此号牌不是登记机关签发的，请勿相信。', [['号牌上显示的号码', claims.plateNumber]]);
    return;
  }
  if (answer && answer.valid) {
    render('valid', '有效号牌', '签名真实，号牌在登记系统中有效。', plateRows(answer),
      genuine ? '已在本机用公开密钥核验签名。' : null);
    return;
  }
  if (answer && answer.reason === 'REVOKED') {
    render('revoked', '号牌已注销', '这块号牌已被注销（车辆已报废或更换号牌），不能作为有效号牌使用。', plateRows(answer));
    return;
  }
  if (answer && answer.reason === 'UNKNOWN_PLATE') {
    render('unknown', '未登记的号牌', '签名真实，但登记系统中查不到这块号牌，请联系监管部门核实。', plateRows(null));
    return;
  }
  if (genuine === true) {
    render('offline', '签名真实（离线核验）', '已在本机用公开密钥核验签名，确认为登记机关签发；因网络异常，暂时无法查询号牌是否已注销。',
      plateRows(null), COPY.network);
    return;
  }
  render('unknown', '暂时无法核验', COPY.network, [['号牌上显示的号码', claims.plateNumber]]);
}

window.addEventListener('hashchange', check);
check();
