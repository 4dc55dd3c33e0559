import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { TossPayment } from '../toss/toss.types';
import { AttemptStatus, PaymentAttempt } from './payment-attempt.entity';
import { Payment } from './payment.entity';
import { TossCall } from './toss-call.entity';

@Injectable()
export class PaymentsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get payments() {
    return this.txHost.tx.getRepository(Payment);
  }

  private get attempts() {
    return this.txHost.tx.getRepository(PaymentAttempt);
  }

  private get calls() {
    return this.txHost.tx.getRepository(TossCall);
  }

  findPayment(paymentKey: string): Promise<Payment | null> {
    return this.payments.findOneBy({ paymentKey });
  }

  /** Stores what Toss answered about a payment, creating or refreshing our row. */
  async upsertFromToss(payment: TossPayment): Promise<Payment> {
    const row = (await this.payments.findOneBy({ paymentKey: payment.paymentKey })) ?? this.payments.create({ paymentKey: payment.paymentKey });
    Object.assign(row, {
      orderId: payment.orderId,
      status: payment.status,
      method: payment.method ?? null,
      totalAmount: payment.totalAmount,
      balanceAmount: payment.balanceAmount,
      currency: typeof payment.currency === 'string' ? payment.currency : 'KRW',
      requestedAt: payment.requestedAt ? new Date(payment.requestedAt) : null,
      approvedAt: payment.approvedAt ? new Date(payment.approvedAt) : null,
      receiptUrl: payment.receipt?.url ?? null,
      lastTransactionKey: payment.lastTransactionKey ?? null,
      card: payment.card ?? null,
      virtualAccount: payment.virtualAccount ?? null,
      transfer: payment.transfer ?? null,
      mobilePhone: payment.mobilePhone ?? null,
      easyPay: payment.easyPay ?? null,
      cancels: payment.cancels ?? [],
      // Keep the secret we first saw; later reads may omit it.
      secret: payment.secret ?? row.secret ?? null,
      raw: payment,
    });
    return this.payments.save(row);
  }

  findAttempt(idempotencyKey: string): Promise<PaymentAttempt | null> {
    return this.attempts.findOneBy({ idempotencyKey });
  }

  /** Records the attempt before Toss is called; a retry of the same confirm finds it again. */
  async insertAttemptIfAbsent(attempt: Pick<PaymentAttempt, 'idempotencyKey' | 'orderId' | 'paymentKey' | 'amount'>): Promise<void> {
    await this.attempts
      .createQueryBuilder()
      .insert()
      .values({ ...attempt, status: 'IN_PROGRESS' })
      .orUpdate(['status', 'updated_at'], ['idempotency_key'])
      .execute();
  }

  /** Settles an attempt, if there is one (approvals found by webhooks may have none). */
  async markAttempt(idempotencyKey: string, status: AttemptStatus, failure?: { code: string; message: string }): Promise<void> {
    await this.attempts.update(
      { idempotencyKey },
      { status, failureCode: failure?.code ?? null, failureMessage: failure?.message ?? null },
    );
  }

  async recordCall(call: Omit<TossCall, 'id' | 'createdAt'>): Promise<void> {
    await this.calls.insert(call);
  }

  findCallsForPayment(paymentKey: string, orderId: string): Promise<TossCall[]> {
    return this.calls.find({ where: [{ paymentKey }, { orderId }], order: { createdAt: 'ASC', id: 'ASC' }, take: 200 });
  }
}
