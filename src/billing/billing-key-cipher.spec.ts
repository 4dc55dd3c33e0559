import { randomBytes } from 'node:crypto';
import {
  BillingKeyCipherError,
  Keyring,
  lookupHash,
  lookupHashes,
  open,
  seal,
  SealedValue,
} from './billing-key-cipher';

const BILLING_KEY = 'Z_t5vOvQxrj4499PeiJcjen28-V2RyqgYTwN44Rdzk0=';
const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

/** One byte of a buffer flipped. */
const flipped = (buffer: Buffer, at = 0) => {
  const copy = Buffer.from(buffer);
  copy[at] ^= 0x01;
  return copy;
};

describe('billing key cipher (AES-256-GCM with a key id)', () => {
  it.each([
    ['a billing key', BILLING_KEY],
    ["Toss's longest (200 characters)", 'b'.repeat(200)],
    ['non-ASCII text', '빌링키-테스트'],
  ])('round-trips %s', (_case, plaintext) => {
    const sealed = seal(plaintext, [k1]);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.iv).toHaveLength(12);
    expect(sealed.tag).toHaveLength(16);
    expect(sealed.ciphertext.toString('utf8')).not.toContain(plaintext);
    expect(open(sealed, [k1])).toBe(plaintext);
  });

  it('uses a new iv for every seal, so one key sealed twice gives two ciphertexts', () => {
    const [a, b] = [seal(BILLING_KEY, [k1]), seal(BILLING_KEY, [k1])];
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  const sealed = seal(BILLING_KEY, [k1]);
  it.each<[string, SealedValue, Keyring, RegExp]>([
    ['a key id the ring lacks', { ...sealed, keyId: 'k9' }, [k1], /no encryption key with id "k9"/],
    [
      'the key id swapped for another key of the ring',
      { ...sealed, keyId: 'k2' },
      [k1, k2],
      /does not authenticate/,
    ],
    ['the same id on another key', sealed, [{ id: 'k1', key: k2.key }], /does not authenticate/],
    ['a tampered tag', { ...sealed, tag: flipped(sealed.tag) }, [k1], /does not authenticate/],
    [
      'a tampered ciphertext',
      { ...sealed, ciphertext: flipped(sealed.ciphertext, 5) },
      [k1],
      /does not authenticate/,
    ],
    ['a tampered iv', { ...sealed, iv: flipped(sealed.iv) }, [k1], /does not authenticate/],
    ['a truncated tag', { ...sealed, tag: sealed.tag.subarray(0, 12) }, [k1], /malformed/],
    ['an empty keyring', sealed, [], /no encryption key/],
  ])('refuses to open with %s', (_case, value, keyring, message) => {
    expect(() => open(value, keyring)).toThrow(BillingKeyCipherError);
    expect(() => open(value, keyring)).toThrow(message);
  });

  it('rotates: new seals use the first (current) key, values sealed under the old one still open', () => {
    const before = seal(BILLING_KEY, [k1]);
    const rotated: Keyring = [k2, k1];
    const after = seal(BILLING_KEY, rotated);
    expect(after.keyId).toBe('k2');
    expect(open(before, rotated)).toBe(BILLING_KEY);
    expect(open(after, rotated)).toBe(BILLING_KEY);
    // Dropping the old key from the ring makes what it sealed unreadable, loudly.
    expect(() => open(before, [k2])).toThrow(/no encryption key with id "k1"/);
  });

  it('binds the purpose: a value sealed as a billing key does not open as an identity number, nor back', () => {
    const asBillingKey = seal(BILLING_KEY, [k1]);
    expect(() => open(asBillingKey, [k1], 'identity-number')).toThrow(/does not authenticate/);
    const asIdentity = seal('01012345678', [k1], 'identity-number');
    expect(open(asIdentity, [k1], 'identity-number')).toBe('01012345678');
    expect(() => open(asIdentity, [k1])).toThrow(/does not authenticate/);
    expect(() => open(asIdentity, [k1], 'billing-key')).toThrow(BillingKeyCipherError);
  });

  it('refuses to seal with an empty keyring', () => {
    expect(() => seal(BILLING_KEY, [])).toThrow(BillingKeyCipherError);
  });

  describe('look-up hashes', () => {
    it('are stable per key, differ between billing keys and between keys, and never hold the key', () => {
      const hash = lookupHash(BILLING_KEY, [k1]);
      expect(hash).toHaveLength(32);
      expect(lookupHash(BILLING_KEY, [k1]).equals(hash)).toBe(true);
      expect(lookupHash(`${BILLING_KEY}x`, [k1]).equals(hash)).toBe(false);
      expect(lookupHash(BILLING_KEY, [k2]).equals(hash)).toBe(false);
      expect(hash.toString('latin1')).not.toContain(BILLING_KEY);
    });

    it('differ between purposes for one value', () => {
      expect(
        lookupHash(BILLING_KEY, [k1], 'identity-number').equals(lookupHash(BILLING_KEY, [k1])),
      ).toBe(false);
      expect(
        lookupHash(BILLING_KEY, [k1], 'billing-key').equals(lookupHash(BILLING_KEY, [k1])),
      ).toBe(true);
    });

    it('after a rotation, include the hash a row written under the old key carries', () => {
      const written = lookupHash(BILLING_KEY, [k1]);
      const candidates = lookupHashes(BILLING_KEY, [k2, k1]);
      expect(candidates).toHaveLength(2);
      expect(candidates[0].equals(lookupHash(BILLING_KEY, [k2, k1]))).toBe(true);
      expect(candidates.some((hash) => hash.equals(written))).toBe(true);
    });
  });
});
