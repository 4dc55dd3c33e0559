import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Billing keys (and other secrets of customers, see SealPurpose) at rest: AES-256-GCM under a key
 * of the keyring (BILLING_KEY_ENCRYPTION_KEYS), the key's id stored beside each ciphertext so that
 * keys rotate: the first key of the ring seals new values, every key of the ring still opens the
 * values it sealed. Pure: no config, no database.
 */
export interface EncryptionKey {
  /** Short, stable name of the key (stored with every value it sealed). */
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** The keys in use: the first seals, all open. */
export type Keyring = readonly EncryptionKey[];

/**
 * What a sealed value is for. Bound into the ciphertext (AAD) and into the look-up hash's key, so
 * a value sealed for one purpose neither opens nor matches as another: a sealed billing key copied
 * into a cash receipt row cannot be passed off as an identity number, nor the other way round.
 */
export type SealPurpose = 'billing-key' | 'identity-number';

/** What is stored for one sealed value. */
export interface SealedValue {
  keyId: string;
  ciphertext: Buffer;
  /** 12 random bytes, new for every seal. */
  iv: Buffer;
  /** GCM's 16-byte authentication tag: any change to the ciphertext, iv, tag or key id fails. */
  tag: Buffer;
}

export class BillingKeyCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BillingKeyCipherError';
  }
}

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/**
 * Binds a ciphertext to its purpose and to the key id it names, so neither a row's key id nor the
 * kind of value can be swapped unnoticed.
 */
const aad = (purpose: SealPurpose, keyId: string) => Buffer.from(`${purpose}:${keyId}`, 'utf8');

function keyNamed(keyring: Keyring, keyId: string): EncryptionKey {
  const found = keyring.find((candidate) => candidate.id === keyId);
  if (!found)
    throw new BillingKeyCipherError(`no encryption key with id "${keyId}" in the keyring`);
  return found;
}

export function seal(
  plaintext: string,
  keyring: Keyring,
  purpose: SealPurpose = 'billing-key',
): SealedValue {
  const current = keyring[0];
  if (!current) throw new BillingKeyCipherError('the keyring is empty');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(purpose, current.id));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: current.id, ciphertext, iv, tag: cipher.getAuthTag() };
}

export function open(
  sealed: SealedValue,
  keyring: Keyring,
  purpose: SealPurpose = 'billing-key',
): string {
  const { key } = keyNamed(keyring, sealed.keyId);
  if (sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) {
    throw new BillingKeyCipherError('the sealed value has a malformed iv or tag');
  }
  const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(purpose, sealed.keyId));
  decipher.setAuthTag(sealed.tag);
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new BillingKeyCipherError('the sealed value does not authenticate under its key');
  }
}

/**
 * HMAC-SHA256 under a key of its own, derived from the encryption key (never the key itself), one
 * per purpose.
 */
function hashUnder(entry: EncryptionKey, value: string, purpose: SealPurpose): Buffer {
  const lookupKey = Buffer.from(
    hkdfSync('sha256', entry.key, Buffer.alloc(0), `${purpose}-lookup`, 32),
  );
  return createHmac('sha256', lookupKey).update(value, 'utf8').digest();
}

/**
 * The look-up hash stored beside a new ciphertext (under the current key), so a billing key named
 * by Toss (BILLING_DELETED) is found without opening every row.
 */
export function lookupHash(
  value: string,
  keyring: Keyring,
  purpose: SealPurpose = 'billing-key',
): Buffer {
  const current = keyring[0];
  if (!current) throw new BillingKeyCipherError('the keyring is empty');
  return hashUnder(current, value, purpose);
}

/** The hash under every key of the ring: rows written before a rotation carry an older one. */
export function lookupHashes(
  value: string,
  keyring: Keyring,
  purpose: SealPurpose = 'billing-key',
): Buffer[] {
  return keyring.map((entry) => hashUnder(entry, value, purpose));
}
