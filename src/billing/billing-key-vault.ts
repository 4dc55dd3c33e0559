import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { billingConfig } from '../config/app.config';
import { Keyring, lookupHash, lookupHashes, open, seal, SealedValue } from './billing-key-cipher';

/** The cipher under the configured keyring (BILLING_KEY_ENCRYPTION_KEYS): the one holder of the keys. */
@Injectable()
export class BillingKeyVault implements OnModuleInit {
  private readonly logger = new Logger(BillingKeyVault.name);
  private readonly keyring: Keyring;

  constructor(
    @Inject(billingConfig.KEY) private readonly config: ConfigType<typeof billingConfig>,
  ) {
    this.keyring = config.encryptionKeys;
  }

  onModuleInit(): void {
    if (this.config.devKey) {
      this.logger.warn(
        'BILLING_KEY_ENCRYPTION_KEYS is not set: billing keys are encrypted with a dev-only key. Never run like this in production.',
      );
    }
  }

  seal(billingKey: string): SealedValue & { lookupHash: Buffer } {
    return { ...seal(billingKey, this.keyring), lookupHash: lookupHash(billingKey, this.keyring) };
  }

  open(sealed: SealedValue): string {
    return open(sealed, this.keyring);
  }

  /** Every hash a stored row of this billing key may carry (one per key of the ring). */
  lookupHashes(billingKey: string): Buffer[] {
    return lookupHashes(billingKey, this.keyring);
  }
}
