import { createHash } from 'node:crypto';

/**
 * Just enough of Content-Security-Policy level 3 to check, without a browser, that a page's
 * scripts, styles and images are allowed by the policy it was served with.
 */
export type Csp = Map<string, string[]>;

export function parseCsp(header: string): Csp {
  const csp: Csp = new Map();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !csp.has(name.toLowerCase())) csp.set(name.toLowerCase(), sources);
  }
  return csp;
}

/** Which directive governs what, with CSP3's fallbacks. */
const FALLBACKS: Record<string, string[]> = {
  'script-src-elem': ['script-src-elem', 'script-src', 'default-src'],
  'script-src-attr': ['script-src-attr', 'script-src', 'default-src'],
  'style-src-elem': ['style-src-elem', 'style-src', 'default-src'],
  'style-src-attr': ['style-src-attr', 'style-src', 'default-src'],
  'img-src': ['img-src', 'default-src'],
  'connect-src': ['connect-src', 'default-src'],
};

function sourcesFor(csp: Csp, directive: string): string[] | undefined {
  for (const name of FALLBACKS[directive] ?? [directive, 'default-src']) {
    const sources = csp.get(name);
    if (sources) return sources;
  }
  return undefined;
}

function matchesHost(source: string, url: URL): boolean {
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^/:]+)(?::(\d+|\*))?$/i.exec(source);
  if (!match) return false;
  const [, scheme, wildcard, host, port] = match;
  if (scheme && `${scheme.toLowerCase()}:` !== url.protocol) return false;
  if (!scheme && !['http:', 'https:'].includes(url.protocol)) return false;
  const hostname = url.hostname.toLowerCase();
  const wanted = host.toLowerCase();
  if (wildcard ? !hostname.endsWith(`.${wanted}`) : hostname !== wanted) return false;
  if (port && port !== '*' && port !== (url.port || (url.protocol === 'https:' ? '443' : '80')))
    return false;
  return true;
}

/** May `resourceUrl` be loaded as `directive` by a page at `pageUrl`? */
export function allowsUrl(
  csp: Csp,
  directive: string,
  pageUrl: string,
  resourceUrl: string,
): boolean {
  const sources = sourcesFor(csp, directive);
  if (!sources) return true;
  const url = new URL(resourceUrl, pageUrl);
  return sources.some((source) => {
    const s = source.toLowerCase();
    if (s === "'none'") return false;
    if (s === "'self'") return url.origin === new URL(pageUrl).origin;
    if (s === '*') return ['http:', 'https:'].includes(url.protocol);
    if (/^[a-z][a-z0-9+.-]*:$/.test(s)) return url.protocol === s;
    if (s.startsWith("'")) return false;
    return matchesHost(source, url);
  });
}

/** May this inline script/style (or attribute) run? 'unsafe-inline' counts only without hashes or nonces. */
export function allowsInline(csp: Csp, directive: string, content: string): boolean {
  const sources = sourcesFor(csp, directive);
  if (!sources) return true;
  const lower = sources.map((s) => s.toLowerCase());
  const hash = `'sha256-${createHash('sha256').update(content).digest('base64')}'`;
  if (sources.includes(hash)) return true;
  const hashesOrNonces = lower.some(
    (s) => s.startsWith("'sha") || s.startsWith("'nonce-") || s === "'strict-dynamic'",
  );
  return lower.includes("'unsafe-inline'") && !hashesOrNonces;
}

export interface PageResource {
  directive: string;
  url?: string;
  inline?: string;
  what: string;
}

const JS_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module']);

/** The scripts, styles and images an HTML page uses, found with patterns (these pages are simple). */
export function pageResources(html: string): PageResource[] {
  const found: PageResource[] = [];
  const attr = (tag: string, name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i')
      .exec(tag)
      ?.slice(1)
      .find((v) => v !== undefined);
  for (const [, open, body] of html.matchAll(/(<script\b[^>]*>)([\s\S]*?)<\/script>/gi)) {
    const src = attr(open, 'src');
    const type = (attr(open, 'type') ?? '').toLowerCase();
    if (src) found.push({ directive: 'script-src-elem', url: src, what: `script ${src}` });
    else if (JS_TYPES.has(type) && body.trim() !== '')
      found.push({ directive: 'script-src-elem', inline: body, what: 'inline script' });
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    if (/\brel\s*=\s*["']?stylesheet/i.test(tag))
      found.push({
        directive: 'style-src-elem',
        url: attr(tag, 'href'),
        what: `stylesheet ${attr(tag, 'href')}`,
      });
  }
  for (const [, body] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)) {
    found.push({ directive: 'style-src-elem', inline: body, what: 'inline <style>' });
  }
  for (const [, , value] of html.matchAll(/<[a-z][^>]*\sstyle\s*=\s*(["'])([^"']*)\1/gi)) {
    found.push({ directive: 'style-src-attr', inline: value, what: `style attribute "${value}"` });
  }
  for (const [, name, , value] of html.matchAll(
    /<[a-z][^>]*\s(on[a-z]+)\s*=\s*(["'])([^"']*)\2/gi,
  )) {
    found.push({ directive: 'script-src-attr', inline: value, what: `${name} handler` });
  }
  for (const [tag] of html.matchAll(/<img\b[^>]*>/gi)) {
    const src = attr(tag, 'src');
    if (src) found.push({ directive: 'img-src', url: src, what: `image ${src}` });
  }
  return found;
}
