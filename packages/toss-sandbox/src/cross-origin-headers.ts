import type { FastifyReply } from 'fastify';

/**
 * A shop on another origin uses the stand-in SDK and window as it uses Toss's: its page loads
 * /sandbox/sdk.js with a plain <script> (Toss's npm loader, `loadTossPayments(clientKey, {src})`),
 * a no-cors request that the browser refuses unless Cross-Origin-Resource-Policy allows other
 * origins (a host app's helmet sends `same-origin`); and with `windowTarget: 'iframe'` it frames
 * /sandbox/checkout, which a host's `frame-ancestors 'self'` and `X-Frame-Options` refuse.
 * Only these files get these headers; the API keeps the host's.
 */
export const CROSS_ORIGIN_RESOURCE_POLICY = 'cross-origin';

/** The CSP with `frame-ancestors *` in place of the host's own, so any shop may frame the window. */
export function frameableByAnyOrigin(csp: string): string {
  const directives = csp
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && !/^frame-ancestors(\s|$)/i.test(directive));
  return [...directives, 'frame-ancestors *'].join('; ');
}

/**
 * Headers of the SDK and the window's files. A host's CSP (set before the handler runs) is kept
 * but for frame-ancestors; without one (the standalone bin) nothing restricts framing anyway.
 */
export function allowCrossOriginUse(reply: FastifyReply, options: { frame: boolean }): void {
  void reply.header('cross-origin-resource-policy', CROSS_ORIGIN_RESOURCE_POLICY);
  if (!options.frame) return;
  const csp = reply.getHeader('content-security-policy');
  if (typeof csp === 'string')
    void reply.header('content-security-policy', frameableByAnyOrigin(csp));
  // helmet writes X-Frame-Options on the raw response before any handler runs.
  void reply.removeHeader('x-frame-options');
  reply.raw.removeHeader('x-frame-options');
}
