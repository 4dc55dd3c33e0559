import { maskIdentityNumber, maskReceiptIdentity } from './identity-number';

describe('maskIdentityNumber', () => {
  it.each([
    ['01012345678', '*******5678'],
    ['010-1234-5678', '*******5678'],
    ['1234567890', '******7890'],
    ['1234', '****'],
    ['', ''],
  ])('%s → %s', (value, masked) => {
    expect(maskIdentityNumber(value)).toBe(masked);
  });
});

describe('maskReceiptIdentity', () => {
  it('masks both of Toss names for the number and keeps the rest', () => {
    expect(
      maskReceiptIdentity({
        customerIdentityNumber: '01012345678',
        registrationNumber: '1234567890',
        amount: 1000,
      }),
    ).toEqual({
      customerIdentityNumber: '*******5678',
      registrationNumber: '******7890',
      amount: 1000,
    });
  });
});
