import { InjectTransactionHost, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IsNull, Not } from 'typeorm';
import { SandboxBilling } from './sandbox-billing.entity';
import { SANDBOX_CONNECTION } from './database/sandbox-data-source';

/** Billing authentications and the keys issued from them. */
@Injectable()
export class SandboxBillingRepository {
  constructor(
    @InjectTransactionHost(SANDBOX_CONNECTION)
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(SandboxBilling);
  }

  async insert(billing: SandboxBilling): Promise<void> {
    await this.repo.insert(billing);
  }

  save(billing: SandboxBilling): Promise<SandboxBilling> {
    return this.repo.save(billing);
  }

  /** Row lock until the transaction ends: two issues of one authKey run one after the other. */
  findByAuthKeyForUpdate(authKey: string): Promise<SandboxBilling | null> {
    return this.repo.findOne({ where: { authKey }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * The key's row, shared-locked (`charge`: charges run side by side, a delete waits for them and
   * they for it) or locked for a delete (`delete`).
   */
  findByBillingKeyLocked(
    billingKey: string,
    purpose: 'charge' | 'delete',
  ): Promise<SandboxBilling | null> {
    return this.repo.findOne({
      where: { billingKey },
      lock: { mode: purpose === 'charge' ? 'pessimistic_read' : 'pessimistic_write' },
    });
  }

  findByBillingKey(billingKey: string): Promise<SandboxBilling | null> {
    return this.repo.findOneBy({ billingKey });
  }

  /** A customer's issued keys (deleted ones too), oldest first; authKeys never issued are not keys. */
  findIssuedForCustomer(customerKey: string): Promise<SandboxBilling[]> {
    return this.repo.find({
      where: { customerKey, billingKey: Not(IsNull()) },
      order: { issuedAt: 'ASC' },
    });
  }
}
