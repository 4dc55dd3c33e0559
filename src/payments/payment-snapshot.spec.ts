import type { TossCancel } from '../toss/toss.types';
import { compareSnapshots, PaymentSnapshot, SnapshotAge } from './payment-snapshot';

const cancel = (transactionKey: string, cancelAmount: number): TossCancel => ({
  transactionKey,
  cancelAmount,
  cancelReason: 'r',
  canceledAt: '2026-12-06T10:00:00+09:00',
});
const snap = (balanceAmount: number, ...cancels: TossCancel[]): PaymentSnapshot => ({
  balanceAmount,
  cancels,
});

const a = cancel('tx-a', 13_600);
const b = cancel('tx-b', 15_474);

describe('compareSnapshots: the books only move forward', () => {
  const cases: [string, PaymentSnapshot, PaymentSnapshot, SnapshotAge][] = [
    ['the first approval over nothing canceled', snap(30_200), snap(30_200), 'same'],
    ['one cancel more', snap(30_200), snap(16_600, a), 'newer'],
    ['both cancels after one', snap(16_600, a), snap(1_126, a, b), 'newer'],
    [
      'the issue: one cancel arriving after both were recorded',
      snap(1_126, a, b),
      snap(14_726, b),
      'older',
    ],
    [
      'a replayed answer after a full refund recorded balance 0',
      snap(0, a, b),
      snap(16_600, a),
      'older',
    ],
    ['no cancels over a canceled payment', snap(0, a), snap(30_200), 'older'],
    ['each has a cancel the other lacks', snap(16_600, a), snap(14_726, b), 'diverged'],
    ['same cancels, lower balance', snap(16_600, a), snap(16_000, a), 'newer'],
    ['same cancels, higher balance', snap(16_000, a), snap(16_600, a), 'older'],
    [
      'more cancels but a higher balance is inconsistent',
      snap(16_600, a),
      snap(20_000, a, b),
      'diverged',
    ],
    [
      'fewer cancels but a lower balance is inconsistent',
      snap(1_126, a, b),
      snap(1_000, a),
      'diverged',
    ],
    ['cancels given as null', { balanceAmount: 5000, cancels: null }, snap(5000), 'same'],
  ];

  it.each(cases)('%s', (_name, stored, incoming, age) => {
    expect(compareSnapshots(stored, incoming)).toBe(age);
  });
});
