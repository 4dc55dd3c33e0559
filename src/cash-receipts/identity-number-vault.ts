import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import {
  Keyring,
  lookupHash,
  lookupHashes,
  open,
  seal,
  SealedValue,
} from '../billing/billing-key-cipher';
import { billingConfig } from '../config/app.config';

/**
 * Cash receipt identity numbers at rest: sealed under the billing keys' keyring
 * (BILLING_KEY_ENCRYPTION_KEYS, which also warns about a dev-only key), bound to their own purpose
 * so they and billing keys cannot stand in for each other. The look-up hash is keyed and taken over
 * the paymentKey with the number: it tells "the same number again for this payment" and links no
 * two payments of one buyer.
 */
@Injectable()
export class IdentityNumberVault {
  private readonly keyring: Keyring;

  constructor(@Inject(billingConfig.KEY) config: ConfigType<typeof billingConfig>) {
    this.keyring = config.encryptionKeys;
  }

  seal(paymentKey: string, identityNumber: string): SealedValue & { hash: Buffer } {
    return {
      ...seal(identityNumber, this.keyring, 'identity-number'),
      hash: lookupHash(hashed(paymentKey, identityNumber), this.keyring, 'identity-number'),
    };
  }

  open(sealed: SealedValue): string {
    return open(sealed, this.keyring, 'identity-number');
  }

  /** Every hash a stored row of this number may carry (one per key of the ring). */
  hashes(paymentKey: string, identityNumber: string): Buffer[] {
    return lookupHashes(hashed(paymentKey, identityNumber), this.keyring, 'identity-number');
  }
}

const hashed = (paymentKey: string, identityNumber: string) => `${paymentKey}\n${identityNumber}`;
