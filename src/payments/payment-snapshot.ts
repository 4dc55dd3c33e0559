import type { TossCancel } from '../toss/toss.types';

/** The parts of a Toss payment that only ever move one way: cancels are added, the balance falls. */
export interface PaymentSnapshot {
  balanceAmount: number;
  cancels?: readonly TossCancel[] | null;
}

/**
 * How a snapshot Toss sent compares with the one our books hold. Toss's answers can arrive out of
 * order (two instances refunding at once, an idempotent replay of an old answer), so the books
 * take a snapshot only when it is not older: its cancels include all of ours (by Toss's cancel
 * transaction keys) and its balance is not higher.
 * - `newer`: it adds cancels (or lowers the balance): take it.
 * - `same`: the same cancels and balance (the status may still move, e.g. a deposit): take it.
 * - `older`: ours already has everything it has, and more: keep ours.
 * - `diverged`: each has a cancel the other lacks: neither is the truth; ask Toss again.
 */
export type SnapshotAge = 'newer' | 'same' | 'older' | 'diverged';

export function compareSnapshots(stored: PaymentSnapshot, incoming: PaymentSnapshot): SnapshotAge {
  const ours = cancelKeys(stored);
  const theirs = cancelKeys(incoming);
  const incomingHasAll = [...ours].every((key) => theirs.has(key));
  const storedHasAll = [...theirs].every((key) => ours.has(key));
  if (incomingHasAll && storedHasAll) {
    if (incoming.balanceAmount === stored.balanceAmount) return 'same';
    return incoming.balanceAmount < stored.balanceAmount ? 'newer' : 'older';
  }
  if (incomingHasAll) return incoming.balanceAmount <= stored.balanceAmount ? 'newer' : 'diverged';
  if (storedHasAll) return incoming.balanceAmount >= stored.balanceAmount ? 'older' : 'diverged';
  return 'diverged';
}

/** The snapshot may replace ours. */
export function movesForward(age: SnapshotAge): boolean {
  return age === 'newer' || age === 'same';
}

function cancelKeys(snapshot: PaymentSnapshot): Set<string> {
  return new Set((snapshot.cancels ?? []).map(cancelKey));
}

/** Toss names each cancel by its transaction key; the fallback only guards a malformed answer. */
export function cancelKey(cancel: TossCancel): string {
  return typeof cancel.transactionKey === 'string' && cancel.transactionKey !== ''
    ? cancel.transactionKey
    : `${String(cancel.canceledAt)}:${String(cancel.cancelAmount)}`;
}

/** A cancel's tax-free part as Toss sent it; none sent is 0 (Toss's default). */
export function cancelTaxFree(cancel: Pick<TossCancel, 'taxFreeAmount'>): number {
  return typeof cancel.taxFreeAmount === 'number' ? cancel.taxFreeAmount : 0;
}
