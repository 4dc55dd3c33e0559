import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/errors';
import { idNotFound } from '../common/id-param';
import { tossConfig } from '../config/app.config';
import { tossRefusal } from '../payments/payment-settlement';
import { retryUnseen } from '../payments/toss-retry';
import { TossClient } from '../toss/toss.client';
import { MERCHANT_REFUSAL_CODES } from '../common/errors/toss-refusals';
import { UsersRepository } from '../users/users.repository';
import { BillingKeyVault } from './billing-key-vault';
import { BillingKeysRepository, CardRow } from './billing-keys.repository';

/** Why a card stopped being usable: deleted by its customer, or by Toss (BILLING_DELETED). */
export const DELETED_BY_CUSTOMER = 'CUSTOMER';
const deletedByToss = (reason: string | null) =>
  `TOSS: ${reason ?? '(no reason given)'}`.slice(0, 200);

/** A card that can no longer be charged. */
export interface DeletedCard {
  cardId: string;
  userId: string;
  /** DELETED_BY_CUSTOMER, or `TOSS: <Toss's reason>`. */
  reason: string;
}

/**
 * Told of every deleted card, so that what depends on it (subscriptions) stops. May be told of one
 * card more than once (a webhook delivered again): acting on it must be idempotent. A listener
 * that throws makes a BILLING_DELETED delivery fail and be retried.
 */
export type CardDeletedListener = (card: DeletedCard) => Promise<void> | void;

/** The billing key and customerKey for one charge at Toss; held only for that call. */
export interface ChargeCredentials {
  billingKey: string;
  customerKey: string;
  userId: string;
}

/**
 * Customers' cards for recurring payments (자동결제): the customerKey, the billing key issued at
 * Toss from the billing-auth window's authKey and stored sealed (BillingKeyVault), the cards'
 * list and deletion, and Toss's BILLING_DELETED. Billing keys and customerKeys are never answered
 * or logged. No transaction is open across a call to Toss (docs/architecture.md, "No transaction is open across a call to Toss").
 */
@Injectable()
export class BillingKeysService {
  private readonly logger = new Logger(BillingKeysService.name);
  private readonly listeners: CardDeletedListener[] = [];

  constructor(
    private readonly cards: BillingKeysRepository,
    private readonly users: UsersRepository,
    private readonly vault: BillingKeyVault,
    private readonly toss: TossClient,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(tossConfig.KEY) private readonly config: ConfigType<typeof tossConfig>,
  ) {}

  /** The customer's customerKey, made on first need (a random UUID v4). */
  async customerKey(user: AuthUser): Promise<string> {
    const key = await this.users.customerKeyOf(user.id);
    if (!key) throw new DomainError('UNAUTHORIZED', 'Sign in first: this account is gone.');
    return key;
  }

  /**
   * Registers the card the customer authenticated in the billing-auth window: its successUrl's
   * authKey and customerKey. The customerKey must be the customer's own; Toss issues the key
   * (retried with the same Idempotency-Key while its outcome is unseen), which is stored sealed.
   */
  async register(user: AuthUser, authKey: string, customerKey: string): Promise<CardRow> {
    const own = await this.customerKey(user);
    if (!sameSecret(customerKey, own)) {
      throw new DomainError(
        'CUSTOMER_KEY_MISMATCH',
        'This customerKey is not yours: open the billing-auth window with your own customerKey.',
      );
    }
    this.assertNoTransaction('billingIssue');
    // The authKey is one-time: one key per authKey, so a retry replays Toss's first answer.
    const idempotencyKey = `billing-issue:${createHash('sha256').update(authKey).digest('hex')}`;
    const attempt = await retryUnseen(this.config.confirmRetries, () =>
      this.toss.issueBillingKey(authKey, own, idempotencyKey),
    );
    if (attempt.kind === 'error') {
      const { error } = attempt;
      if (error.outcomeUnknown) {
        this.logger.warn(`card registration for user ${user.id}: outcome unknown (${error.code})`);
        throw new DomainError(
          'BILLING_OUTCOME_UNKNOWN',
          'Toss could not tell us whether your card was registered. Please register the card again.',
        );
      }
      throw tossRefusal(
        this.logger,
        'billing-issue',
        `card registration for user ${user.id}`,
        error.code,
        error.message,
      );
    }
    const billing = attempt.value;
    const sealed = this.vault.seal(billing.billingKey);
    const card = await this.cards.insert({
      userId: user.id,
      customerKey: own,
      keyId: sealed.keyId,
      ciphertext: sealed.ciphertext,
      iv: sealed.iv,
      tag: sealed.tag,
      lookupHash: sealed.lookupHash,
      issuerCode: text(billing.card?.issuerCode, 8),
      acquirerCode: text(billing.card?.acquirerCode, 8),
      maskedNumber: text(billing.card?.number, 32),
      cardType: text(billing.card?.cardType, 16),
      ownerType: text(billing.card?.ownerType, 16),
    });
    if (card.userId !== user.id) {
      // Toss answered a billing key already stored for someone else: never show or bind it here.
      this.logger.error(
        `card registration for user ${user.id}: Toss answered another customer's billing key`,
      );
      throw new DomainError(
        'INTERNAL_ERROR',
        'Something went wrong on our side. It has been logged.',
      );
    }
    this.logger.log(`card ${card.id} registered for user ${user.id}`);
    return card;
  }

  list(user: AuthUser): Promise<CardRow[]> {
    return this.cards.listActive(user.id);
  }

  /**
   * Deletes one of the customer's cards: at once here (it is never charged again), then at Toss
   * (`DELETE /v1/billing/{billingKey}`). Toss's billing guides say keys cannot be deleted while its
   * reference lists the call, so a refusal (no such call, key unknown or already removed) still
   * leaves the card deleted here; only its log line differs.
   */
  async remove(user: AuthUser, cardId: string): Promise<void> {
    const deleted = await this.cards.deleteReturningSealedKey(user.id, cardId, DELETED_BY_CUSTOMER);
    if (!deleted) throw idNotFound('card');
    this.assertNoTransaction('billingDelete');
    const billingKey = this.vault.open(deleted.sealed);
    const attempt = await retryUnseen(this.config.confirmRetries, () =>
      this.toss.deleteBillingKey(billingKey),
    );
    if (attempt.kind === 'answer') this.logger.log(`card ${cardId} deleted here and at Toss`);
    else if (attempt.error.outcomeUnknown)
      this.logger.warn(
        `card ${cardId} deleted here; Toss's deletion outcome unknown (${attempt.error.code})`,
      );
    else if ((MERCHANT_REFUSAL_CODES as readonly string[]).includes(attempt.error.code))
      this.logger.error(
        `card ${cardId} deleted here; Toss refused its deletion for a reason of the shop's setup (${attempt.error.code})`,
      );
    else
      this.logger.log(
        `card ${cardId} deleted here; Toss did not delete it (${attempt.error.code})`,
      );
    await this.notify({ cardId, userId: user.id, reason: DELETED_BY_CUSTOMER }, 'log');
  }

  /**
   * Toss's BILLING_DELETED named this billing key (by its look-up hashes, BillingKeyVault): the
   * card is marked deleted, and the listeners told. Null when no card of ours carries it.
   */
  async deletedAtToss(
    lookupHashes: Buffer[],
    reason: string | null,
  ): Promise<(DeletedCard & { deletedNow: boolean }) | null> {
    const found = await this.cards.markDeletedByLookupHash(lookupHashes, deletedByToss(reason));
    if (!found) return null;
    const card = { cardId: found.cardId, userId: found.userId, reason: found.reason };
    if (found.deletedNow) this.logger.log(`card ${card.cardId} deleted by Toss (BILLING_DELETED)`);
    await this.notify(card, 'throw');
    return { ...card, deletedNow: found.deletedNow };
  }

  /**
   * The seam for what depends on a card (subscriptions): `listener` is told of every card
   * deleted from now on. Returns a function that stops telling it.
   */
  onDeleted(listener: CardDeletedListener): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /**
   * For a charge (subscriptions): the card's billing key, opened, with the customerKey Toss wants
   * beside it. Null once the card is deleted. Hold it only for the call; never log it.
   */
  async credentialsForCharge(cardId: string): Promise<ChargeCredentials | null> {
    const stored = await this.cards.sealedKeyForCharge(cardId);
    if (!stored) return null;
    return {
      billingKey: this.vault.open(stored.sealed),
      customerKey: stored.customerKey,
      userId: stored.userId,
    };
  }

  /** Look-up hashes of a billing key Toss names, for finding its row without opening any. */
  lookupHashes(billingKey: string): Buffer[] {
    return this.vault.lookupHashes(billingKey);
  }

  private async notify(card: DeletedCard, onError: 'log' | 'throw'): Promise<void> {
    for (const listener of [...this.listeners]) {
      try {
        await listener(card);
      } catch (error) {
        if (onError === 'throw') throw error;
        // The customer's card is deleted whatever a listener does; charges refuse deleted cards.
        this.logger.error(
          `card ${card.cardId} deleted, but a listener failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  private assertNoTransaction(operation: string): void {
    if (this.txHost.isTransactionActive()) {
      throw new Error(`Toss ${operation} called inside a database transaction`);
    }
  }
}

/** Toss's text, if it is text that fits the column (Toss adds and changes fields). */
function text(value: unknown, max: number): string | null {
  return typeof value === 'string' && value.length > 0 ? value.slice(0, max) : null;
}

/** Constant-time comparison, over digests so lengths do not leak either. */
function sameSecret(given: string, own: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(own));
}
