import { randomBytes, randomInt } from 'node:crypto';

const KST_OFFSET_MS = 9 * 3600_000;
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function kstParts(date: Date): string[] {
  // The UTC fields of a date shifted by +9 h are the wall-clock fields in Seoul.
  const iso = new Date(date.getTime() + KST_OFFSET_MS).toISOString();
  return [iso.slice(0, 10), iso.slice(11, 19), iso.slice(20, 23)];
}

/** Toss's timestamp format: `2024-05-01T19:00:00+09:00`. */
export function toKstIso(date: Date): string {
  const [day, time] = kstParts(date);
  return `${day}T${time}+09:00`;
}

/** Webhook `createdAt`: `yyyy-MM-dd'T'HH:mm:ss.SSSSSS` in Seoul time, no offset (docs/toss.md §7). */
export function toWebhookTime(date: Date): string {
  const [day, time, millis] = kstParts(date);
  return `${day}T${time}.${millis}000`;
}

export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[randomInt(BASE62.length)];
  return out;
}

export function randomDigits(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(randomInt(10));
  return out;
}

/** Test paymentKeys look like `tgen_20240501190000AbCdE12` (docs/toss.md §10.15). */
export function newPaymentKey(now: Date): string {
  const [day, time] = kstParts(now);
  return `tgen_${day.replaceAll('-', '')}${time.replaceAll(':', '')}${randomBase62(7)}`;
}

export function newTransactionKey(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

/** The per-payment value a virtual account's DEPOSIT_CALLBACK carries (`ps_…`). */
export function newPaymentSecret(): string {
  return `ps_${randomBase62(20)}`;
}

/** Toss test virtual accounts start with X and cannot receive real money. */
export function newVirtualAccountNumber(): string {
  return `X${randomDigits(13)}`;
}

/**
 * A billing key: 256 random bits, base64url with Toss's trailing `=` (44 characters, like
 * `Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=`; Toss allows up to 200).
 */
export function newBillingKey(): string {
  return `${randomBytes(32).toString('base64url')}=`;
}

/** A one-time authKey of the billing-auth window: 256 random bits (Toss allows up to 300 characters). */
export function newAuthKey(): string {
  return randomBytes(32).toString('base64url');
}
