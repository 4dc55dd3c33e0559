import { frameableByAnyOrigin } from './cross-origin-headers';

describe('frameableByAnyOrigin', () => {
  it('replaces the host’s frame-ancestors and keeps every other directive', () => {
    expect(
      frameableByAnyOrigin(
        "default-src 'self';frame-ancestors 'self';script-src 'self' https://js.tosspayments.com",
      ),
    ).toBe("default-src 'self'; script-src 'self' https://js.tosspayments.com; frame-ancestors *");
  });

  it('adds frame-ancestors * to a policy without one', () => {
    expect(frameableByAnyOrigin("default-src 'self'; ")).toBe(
      "default-src 'self'; frame-ancestors *",
    );
  });
});
