import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyReply } from 'fastify';

/**
 * The demo's and the payment window's static files, found from this file's folder so that the
 * same code serves src/demo/public (ts, tests) and the copy `nest build` makes next to
 * dist/src/demo. With tsconfig's rootDir "." and the asset rule's outDir "dist/src", nest-cli
 * copies them to dist/src/src/demo/public, hence the second place.
 */
/** Beside this file both in src/ (tests, ts-node) and in dist/src/ (nest-cli.json copies it there). */
export const PUBLIC_DIR = join(__dirname, 'public');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** A plain file name of a type we serve: no folder, no leading dot, so nothing outside the folder. */
const ASSET_NAME = /^[a-z0-9][a-z0-9_-]*\.(js|css|svg)$/;

export function isAssetName(name: string): boolean {
  return ASSET_NAME.test(name);
}

export function readPublicFile(relativePath: string): Promise<string> {
  return readFile(join(PUBLIC_DIR, relativePath), 'utf8');
}

/** Sends a file of the public folder, or the contract's 404 body when it is not there. */
export async function sendPublicFile(
  reply: FastifyReply,
  relativePath: string,
  transform?: (text: string) => string,
): Promise<void> {
  let text: string;
  try {
    text = await readPublicFile(relativePath);
  } catch {
    return sendNotFound(reply);
  }
  await sendText(
    reply,
    TYPES[extname(relativePath)] ?? 'application/octet-stream',
    transform ? transform(text) : text,
  );
}

export async function sendText(
  reply: FastifyReply,
  contentType: string,
  body: string,
): Promise<void> {
  // Pages and scripts change with the server (and carry config): never cached stale.
  await reply
    .code(200)
    .header('content-type', contentType)
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .send(body);
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
