// Plate QR tokens, checked in the browser with nothing but the published public key:
// EB1.<base64url(plateNumber|registrationCode|yyyyMMdd)>.<base64url(Ed25519 signature over "EB1.<payload>")>
// WebCrypto's Ed25519 (Chromium, Firefox, Safari 17+) does the check; where a browser lacks it, the small
// audited @noble/ed25519 is loaded on demand.

function b64urlToBytes(s) {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function b64ToBytes(s) {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The token inside a scan: the fragment of a URL (…/v/#token) or the text itself. */
export function tokenOf(scanned) {
  const s = (scanned || '').trim();
  if (/^https?:\/\//i.test(s)) {
    const i = s.indexOf('#');
    return i < 0 ? '' : s.slice(i + 1);
  }
  return s.startsWith('#') ? s.slice(1) : s;
}

/** { plateNumber, registrationCode, issueDate } or null when the token is not well-formed. */
export function parseToken(token) {
  const parts = (token || '').split('.');
  if (parts.length !== 3 || parts[0] !== 'EB1' || token.length > 512) return null;
  try {
    const fields = new TextDecoder('utf-8', { fatal: true }).decode(b64urlToBytes(parts[1])).split('|');
    const sig = b64urlToBytes(parts[2]);
    if (fields.length !== 3 || !fields[0] || !fields[1] || !/^\d{8}$/.test(fields[2]) || sig.length !== 64) return null;
    return { plateNumber: fields[0], registrationCode: fields[1], issueDate: fields[2] };
  } catch (e) {
    return null;
  }
}

// DER SubjectPublicKeyInfo of an Ed25519 key = 12-byte header + the 32-byte raw key (RFC 8410)
const SPKI_PREFIX = [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

function rawKey(spki) {
  if (spki.length !== 44 || SPKI_PREFIX.some((b, i) => spki[i] !== b)) throw new Error('not an Ed25519 SPKI key');
  return spki.slice(12);
}

async function verifyWebCrypto(spki, signature, data) {
  const key = await crypto.subtle.importKey('spki', spki, { name: 'Ed25519' }, false, ['verify']);
  return crypto.subtle.verify({ name: 'Ed25519' }, key, signature, data);
}

let noble = null;
async function verifyNoble(spki, signature, data) {
  if (!noble) noble = await import('@noble/ed25519');
  return noble.verifyAsync(signature, data, rawKey(spki));
}

export let engine = 'webcrypto';

async function verifyOne(spki, signature, data) {
  if (engine === 'webcrypto') {
    try {
      return await verifyWebCrypto(spki, signature, data);
    } catch (e) {
      if (e && (e.name === 'NotSupportedError' || e.name === 'TypeError' || e.name === 'SyntaxError')) {
        engine = 'noble';
      } else {
        throw e;
      }
    }
  }
  return verifyNoble(spki, signature, data);
}

/**
 * True when the token's signature verifies with the current key or one of the previous keys of the
 * public-key document ({ publicKey, previousKeys: [{ publicKey }] }, base64 DER SPKI).
 */
export async function verifySignature(token, keyDocument) {
  const parts = token.split('.');
  const data = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  const signature = b64urlToBytes(parts[2]);
  const keys = [keyDocument.publicKey, ...((keyDocument.previousKeys || []).map((k) => k.publicKey))].filter(Boolean);
  for (const k of keys) {
    if (await verifyOne(b64ToBytes(k), signature, data)) return true;
  }
  return false;
}
