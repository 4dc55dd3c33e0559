import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { run, sql } from '../database/sql';
import type { SealedValue } from './billing-key-cipher';
import { BillingKey } from './billing-key.entity';

/** What a customer may be shown of a card: never the sealed key or the customerKey. */
export type CardRow = Pick<
  BillingKey,
  | 'id'
  | 'userId'
  | 'issuerCode'
  | 'acquirerCode'
  | 'maskedNumber'
  | 'cardType'
  | 'ownerType'
  | 'createdAt'
  | 'deletedAt'
>;

export type NewBillingKey = Omit<BillingKey, 'id' | 'createdAt' | 'deletedAt' | 'deletedReason'>;

/** A sealed billing key with the customerKey Toss wants beside it. */
export interface SealedBillingKey {
  cardId: string;
  userId: string;
  customerKey: string;
  sealed: SealedValue;
}

interface SealedRow {
  id: string;
  user_id: string;
  customer_key: string;
  key_id: string;
  ciphertext: Buffer;
  iv: Buffer;
  tag: Buffer;
}

/** A plain card row: only these fields, whatever else the entity holds. */
const cardOf = (card: BillingKey): CardRow => ({
  id: card.id,
  userId: card.userId,
  issuerCode: card.issuerCode,
  acquirerCode: card.acquirerCode,
  maskedNumber: card.maskedNumber,
  cardType: card.cardType,
  ownerType: card.ownerType,
  createdAt: card.createdAt,
  deletedAt: card.deletedAt,
});

const sealedOf = (row: SealedRow): SealedBillingKey => ({
  cardId: row.id,
  userId: row.user_id,
  customerKey: row.customer_key,
  sealed: { keyId: row.key_id, ciphertext: row.ciphertext, iv: row.iv, tag: row.tag },
});

/**
 * The billing_keys table's one owner. The sealed key (ciphertext, iv, tag) and the customerKey
 * are read only by the methods named for the call that needs them (a charge, a deletion at Toss).
 */
@Injectable()
export class BillingKeysRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(BillingKey);
  }

  /**
   * Stores a newly issued key. The same billing key again (Toss replayed an issue for its
   * Idempotency-Key) keeps the first row: that row is answered.
   */
  async insert(row: NewBillingKey): Promise<CardRow> {
    await this.repo.createQueryBuilder().insert().values(row).orIgnore().execute();
    const stored = await this.repo
      .createQueryBuilder('card')
      .where('card.lookup_hash = :hash', { hash: row.lookupHash })
      .getOneOrFail();
    return cardOf(stored);
  }

  /** The customer's cards not deleted, newest first. */
  async listActive(userId: string): Promise<CardRow[]> {
    const cards = await this.repo.find({
      where: { userId, deletedAt: IsNull() },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    return cards.map(cardOf);
  }

  /** For a charge: the sealed key of an active card (null once deleted). */
  async sealedKeyForCharge(cardId: string): Promise<SealedBillingKey | null> {
    const rows = await run<SealedRow[]>(
      this.repo,
      sql`SELECT id, user_id, customer_key, key_id, ciphertext, iv, tag FROM billing_keys
           WHERE id = ${cardId}::uuid AND deleted_at IS NULL`,
    );
    return rows[0] ? sealedOf(rows[0]) : null;
  }

  /**
   * The customer deletes a card: marked deleted in one statement, which answers the sealed key
   * for Toss's deletion (null when the card is not theirs or already deleted).
   */
  async deleteReturningSealedKey(
    userId: string,
    cardId: string,
    reason: string,
  ): Promise<SealedBillingKey | null> {
    const rows = await run<SealedRow[]>(
      this.repo,
      sql`WITH deleted AS (
            UPDATE billing_keys SET deleted_at = now(), deleted_reason = ${reason}
             WHERE id = ${cardId}::uuid AND user_id = ${userId}::uuid AND deleted_at IS NULL
            RETURNING id, user_id, customer_key, key_id, ciphertext, iv, tag)
          SELECT * FROM deleted`,
    );
    return rows[0] ? sealedOf(rows[0]) : null;
  }

  /**
   * Toss deleted a key (BILLING_DELETED): the row carrying one of these look-up hashes is marked
   * deleted if it was not already. Answers the matching card whether it was deleted now or before,
   * with the reason it is deleted for (an earlier deletion keeps its own).
   */
  async markDeletedByLookupHash(
    hashes: Buffer[],
    reason: string,
  ): Promise<{ cardId: string; userId: string; reason: string; deletedNow: boolean } | null> {
    const rows = await run<
      { id: string; user_id: string; deleted_reason: string | null; deleted_now: boolean }[]
    >(
      this.repo,
      sql`WITH found AS (
            SELECT id, user_id, deleted_at, deleted_reason FROM billing_keys
             WHERE lookup_hash = ANY(${hashes}::bytea[]) FOR UPDATE),
          deleted AS (
            UPDATE billing_keys SET deleted_at = now(), deleted_reason = ${reason}
             WHERE id IN (SELECT id FROM found WHERE deleted_at IS NULL) RETURNING id)
          SELECT found.id, found.user_id, found.deleted_reason,
                 found.id IN (SELECT id FROM deleted) AS deleted_now FROM found`,
    );
    const row = rows[0];
    if (!row) return null;
    return {
      cardId: row.id,
      userId: row.user_id,
      reason: row.deleted_now ? reason : (row.deleted_reason ?? reason),
      deletedNow: row.deleted_now,
    };
  }
}
