import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { allowCrossOriginUse } from './cross-origin-headers';

/** The window's and the SDK's files: packages/toss-sandbox/public, beside both src/ and dist/. */
export const PUBLIC_DIR = join(__dirname, '..', 'public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A plain file name of a type we serve: no folder, no leading dot, so nothing outside the folder. */
const ASSET_NAME = /^[a-z0-9][a-z0-9_-]*\.(js|css|svg)$/;

export function isAssetName(name: string): boolean {
  return ASSET_NAME.test(name);
}

/**
 * Sends a file of the public folder, or a 404 body when it is not there. Every one of them is
 * usable from a shop on another origin (cross-origin-headers.ts); `frame` lets such a shop frame
 * the page (the window, for `windowTarget: 'iframe'`).
 */
export async function sendPublicFile(
  reply: FastifyReply,
  relativePath: string,
  options: { transform?: (text: string) => string; frame?: boolean } = {},
): Promise<void> {
  const { transform, frame = false } = options;
  let text: string;
  try {
    text = await readFile(join(PUBLIC_DIR, relativePath), 'utf8');
  } catch {
    return sendNotFound(reply);
  }
  allowCrossOriginUse(reply, { frame });
  // Pages and scripts change with the server: never cached stale.
  await reply
    .code(200)
    .header('content-type', TYPES[extname(relativePath)] ?? 'application/octet-stream')
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .send(transform ? transform(text) : text);
}

export async function sendNotFound(reply: FastifyReply): Promise<void> {
  await reply
    .code(404)
    .header('content-type', 'application/json; charset=utf-8')
    .send({ statusCode: 404, code: 'NOT_FOUND', message: 'There is no such page.' });
}

/** JSON inside a `<script type="application/json">` block: `<` escaped so it cannot close the tag. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
