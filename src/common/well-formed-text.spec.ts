import {
  illFormedBodyFields,
  isWellFormedText,
  queryProblems,
  WELL_FORMED_PROBLEM,
} from './well-formed-text';

describe('isWellFormedText', () => {
  it.each([
    ['the empty string', ''],
    ['ASCII', 'kim@example.com'],
    ['Hangul', '상품1 외 2건'],
    ['a surrogate pair (emoji)', '🙂'],
    ['pairs back to back', '🙂🙃'],
    ['the highest code point', '\u{10FFFF}'],
    ['U+FFFD itself', '\ufffd'],
    ['other control characters', '\t\n\r\u0001\u001f\u007f'],
    ['a non-character', '\uffff'],
  ])('accepts %s', (_, text) => {
    expect(isWellFormedText(text)).toBe(true);
  });

  it.each([
    ['NUL alone', '\u0000'],
    ['NUL inside', 'a\u0000b'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udc00'],
    ['a high surrogate at the end', 'abc\udbff'],
    ['a low surrogate at the start', '\udfffabc'],
    ['two high surrogates', '\ud800\ud800'],
    ['a reversed pair', '\udc00\ud800'],
    ['half an emoji after a whole one', '🙂\ud83d'],
    ['half an emoji before text', '\ud83dx'],
  ])('refuses %s', (_, text) => {
    expect(isWellFormedText(text)).toBe(false);
  });

  it('agrees with String#isWellFormed where the runtime has it, NUL aside', () => {
    const native = (String.prototype as { isWellFormed?: () => boolean }).isWellFormed;
    if (!native) return;
    for (let unit = 0xd700; unit <= 0xe000; unit++) {
      for (const text of [
        String.fromCharCode(unit),
        `a${String.fromCharCode(unit)}`,
        `${String.fromCharCode(unit)}\udc00`,
      ]) {
        expect(isWellFormedText(text)).toBe(native.call(text));
      }
    }
  });
});

describe('illFormedBodyFields', () => {
  const problem = (field: string) => ({ field, problems: [`${field} ${WELL_FORMED_PROBLEM}`] });

  it.each([
    ['a flat object', { name: '상품1', price: 5000 }],
    [
      'nested objects and arrays',
      { items: [{ productId: 'p', quantity: 1 }], data: { a: [null, true, 1.5, '🙂'] } },
    ],
    ['numbers, booleans and null', { a: 1e308, b: false, c: null }],
    ['a bare string', 'text'],
    ['nothing', undefined],
  ])('finds nothing in %s', (_, body) => {
    expect(illFormedBodyFields(body)).toEqual([]);
  });

  it.each([
    ['a top-level string', { name: '\ud800' }, [problem('name')]],
    ['NUL', { email: 'a\u0000@b.co' }, [problem('email')]],
    [
      'a nested string',
      { refundReceiveAccount: { holderName: '\udfff' } },
      [problem('refundReceiveAccount.holderName')],
    ],
    [
      'an array element',
      { items: [{ productId: 'ok' }, { productId: '\u0000' }] },
      [problem('items.1.productId')],
    ],
    ['a string in an array', { tags: ['a', '\ud800'] }, [problem('tags.1')]],
    ['a bare ill-formed string body', '\ud800', [problem('body')]],
    [
      'a top-level key',
      { '\u0000': 1 },
      [{ field: 'body', problems: [`field names in body ${WELL_FORMED_PROBLEM}`] }],
    ],
    [
      'a nested key',
      { data: { 'x\ud800': 'y' } },
      [{ field: 'data', problems: [`field names in data ${WELL_FORMED_PROBLEM}`] }],
    ],
    [
      'two fields',
      { name: '\u0000', description: '\ud800' },
      [problem('name'), problem('description')],
    ],
  ])('names %s', (_, body, expected) => {
    expect(illFormedBodyFields(body)).toEqual(expected);
  });

  it('walks a body nested far deeper than the call stack allows', () => {
    let body: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) body = [body];
    expect(illFormedBodyFields(body)).toHaveLength(1);
  });

  it('stops at 20 problems', () => {
    const body = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}`, '\u0000']));
    expect(illFormedBodyFields(body)).toHaveLength(20);
  });
});

describe('queryProblems', () => {
  it.each([
    ['no parameters', {}],
    ['single strings', { page: '1', limit: '20', message: '잔액부족 🙂' }],
    ['an empty value', { orderId: '' }],
  ])('accepts %s', (_, query) => {
    expect(queryProblems(query)).toEqual([]);
  });

  it.each([
    [
      'a repeated parameter',
      { paymentKey: ['x', 'y'] },
      [{ field: 'paymentKey', problems: ['paymentKey must be given once'] }],
    ],
    [
      'NUL in a value',
      { message: 'a\u0000' },
      [{ field: 'message', problems: [`message ${WELL_FORMED_PROBLEM}`] }],
    ],
    [
      'a lone surrogate in a value',
      { code: '\ud800' },
      [{ field: 'code', problems: [`code ${WELL_FORMED_PROBLEM}`] }],
    ],
    [
      'NUL in a name',
      { 'a\u0000': 'x' },
      [{ field: 'query', problems: [`query parameter names ${WELL_FORMED_PROBLEM}`] }],
    ],
    [
      'an object (a parser that reads brackets)',
      { page: { x: '1' } },
      [{ field: 'page', problems: ['page must be a single string'] }],
    ],
  ])('refuses %s', (_, query, expected) => {
    expect(queryProblems(query as Record<string, unknown>)).toEqual(expected);
  });
});
