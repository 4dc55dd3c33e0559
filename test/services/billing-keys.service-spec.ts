import { randomBytes, randomUUID } from 'node:crypto';
import { BillingKeyVault } from '../../src/billing/billing-key-vault';
import { BillingKeysRepository } from '../../src/billing/billing-keys.repository';
import { BillingKeysService, DeletedCard } from '../../src/billing/billing-keys.service';
import { UsersRepository } from '../../src/users/users.repository';
import { useServices } from '../setup/test-services';
import { sql } from '../support/sql';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Cards on PostgreSQL, without HTTP or Toss: the customerKey made once per customer, billing keys
 * stored sealed and found by their look-up hash, and BILLING_DELETED's effect and listeners.
 * Keys are stored as the service stores what Toss issued (vault + repository); the issue itself
 * goes through Toss and is covered by test/e2e/billing-cards.e2e-spec.ts.
 */
describe('BillingKeysService (services on PostgreSQL)', () => {
  const s = useServices({
    env: { BILLING_KEY_ENCRYPTION_KEYS: `k2:${randomBytes(32).toString('base64')}` },
  });
  const service = () => s.app.get(BillingKeysService);
  const users = () => s.app.get(UsersRepository);

  const newUser = async () =>
    users().insert({
      email: `b-${randomUUID()}@test.local`,
      name: '빌링고객',
      passwordHash: 'x',
      role: 'customer',
    });
  const asCustomer = (id: string) => ({ id, role: 'customer' as const });

  /** What the service stores from Toss's Billing answer. */
  async function storedCard(userId: string, billingKey = `bk_${randomBytes(16).toString('hex')}`) {
    const customerKey = await service().customerKey(asCustomer(userId));
    const sealed = s.app.get(BillingKeyVault).seal(billingKey);
    const card = await s.app.get(BillingKeysRepository).insert({
      userId,
      customerKey,
      ...sealed,
      issuerCode: '61',
      acquirerCode: '61',
      maskedNumber: '43301234****123*',
      cardType: '신용',
      ownerType: '개인',
    });
    return { card, billingKey, customerKey };
  }

  describe('customerKey', () => {
    it('is a random UUID v4, made once and the same ever after, different per customer', async () => {
      const [a, b] = [await newUser(), await newUser()];
      const first = await service().customerKey(asCustomer(a.id));
      expect(first).toMatch(UUID_V4);
      expect(first).not.toBe(a.id);
      expect(await service().customerKey(asCustomer(a.id))).toBe(first);
      expect(await service().customerKey(asCustomer(b.id))).not.toBe(first);
    });

    it('is one key when many first requests come at once', async () => {
      const user = await newUser();
      const keys = await Promise.all(
        Array.from({ length: 20 }, () => service().customerKey(asCustomer(user.id))),
      );
      expect(new Set(keys).size).toBe(1);
    });

    it('is not loaded with the user (so no answer built from a user row can carry it)', async () => {
      const user = await newUser();
      const key = await service().customerKey(asCustomer(user.id));
      const loaded = await users().findById(user.id);
      expect(loaded?.customerKey).toBeUndefined();
      expect(JSON.stringify(loaded)).not.toContain(key);
    });

    it('is refused as UNAUTHORIZED for an account that is gone', async () => {
      await expect(service().customerKey(asCustomer(randomUUID()))).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    });
  });

  describe('billing keys at rest', () => {
    it('stores only the ciphertext under the current key id, opened only for a charge', async () => {
      const user = await newUser();
      const { card, billingKey, customerKey } = await storedCard(user.id);
      const [row] = await sql<Record<string, Buffer | string | null>>(
        s.databaseUrl,
        `SELECT * FROM billing_keys WHERE id = $1`,
        [card.id],
      );
      expect(row.key_id).toBe('k2');
      const everything = JSON.stringify(row) + (row.ciphertext as Buffer).toString('latin1');
      expect(everything).not.toContain(billingKey);
      expect(await service().credentialsForCharge(card.id)).toEqual({
        billingKey,
        customerKey,
        userId: user.id,
      });
    });

    it('lists a customer their own active cards without the sealed key or the customerKey', async () => {
      const [kim, lee] = [await newUser(), await newUser()];
      const first = await storedCard(kim.id);
      const second = await storedCard(kim.id);
      await storedCard(lee.id);
      const cards = await service().list(asCustomer(kim.id));
      expect(cards.map((card) => card.id).sort()).toEqual([first.card.id, second.card.id].sort());
      for (const card of cards) {
        expect(Object.keys(card).sort()).toEqual(
          [
            'id',
            'userId',
            'issuerCode',
            'acquirerCode',
            'maskedNumber',
            'cardType',
            'ownerType',
            'createdAt',
            'deletedAt',
          ].sort(),
        );
      }
    });

    it('keeps one row when the same billing key is stored twice (a replayed issue)', async () => {
      const user = await newUser();
      const once = await storedCard(user.id, 'bk_replayed_issue_0001');
      const again = await storedCard(user.id, 'bk_replayed_issue_0001');
      expect(again.card.id).toBe(once.card.id);
      expect(await service().list(asCustomer(user.id))).toHaveLength(1);
    });
  });

  describe('BILLING_DELETED (deletedAtToss)', () => {
    it('finds the card by the billing key’s hash, marks it deleted with the reason, and tells the listeners each time', async () => {
      const user = await newUser();
      const { card, billingKey } = await storedCard(user.id);
      const told: DeletedCard[] = [];
      const stop = service().onDeleted((deleted) => {
        told.push(deleted);
      });
      try {
        const hashes = service().lookupHashes(billingKey);
        expect(await service().deletedAtToss(hashes, '카드 재발급')).toEqual({
          cardId: card.id,
          userId: user.id,
          reason: 'TOSS: 카드 재발급',
          deletedNow: true,
        });
        // Delivered again: the card as it is, the listeners told again (they must be idempotent).
        expect(await service().deletedAtToss(hashes, '다른 사유')).toEqual({
          cardId: card.id,
          userId: user.id,
          reason: 'TOSS: 카드 재발급',
          deletedNow: false,
        });
        expect(told.map((deleted) => deleted.cardId)).toEqual([card.id, card.id]);
      } finally {
        stop();
      }
      expect(await service().list(asCustomer(user.id))).toEqual([]);
      expect(await service().credentialsForCharge(card.id)).toBeNull();
      const [row] = await sql<{ deleted_reason: string; deleted_at: Date | null }>(
        s.databaseUrl,
        'SELECT deleted_reason, deleted_at FROM billing_keys WHERE id = $1',
        [card.id],
      );
      expect(row).toEqual({ deleted_reason: 'TOSS: 카드 재발급', deleted_at: expect.any(Date) });
    });

    it('answers null for a billing key that is not ours, and touches no card', async () => {
      const user = await newUser();
      const { card } = await storedCard(user.id);
      expect(await service().deletedAtToss(service().lookupHashes('bk_not_ours'), null)).toBeNull();
      expect((await service().list(asCustomer(user.id))).map((c) => c.id)).toEqual([card.id]);
    });

    it('fails (so the delivery is retried) when a listener fails, with the card deleted already', async () => {
      const user = await newUser();
      const { card, billingKey } = await storedCard(user.id);
      const stop = service().onDeleted(() => {
        throw new Error('subscriptions are down');
      });
      try {
        await expect(
          service().deletedAtToss(service().lookupHashes(billingKey), null),
        ).rejects.toThrow('subscriptions are down');
      } finally {
        stop();
      }
      expect(await service().credentialsForCharge(card.id)).toBeNull();
    });
  });
});
