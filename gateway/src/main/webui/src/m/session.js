// Who is signed in, kept in memory. The phone number survives a trip back to sign-in (sessionStorage of this
// tab only: it is not a credential), the access token never leaves api.js.
import { reactive } from 'vue';

const PHONE = 'ebike.phone';

export const session = reactive({
  signedIn: false,
  phone: (() => { try { return sessionStorage.getItem(PHONE) || ''; } catch (e) { return ''; } })(),
  notice: '',
});

export function rememberPhone(phone) {
  session.phone = phone;
  try { sessionStorage.setItem(PHONE, phone); } catch (e) { /* private mode */ }
}
