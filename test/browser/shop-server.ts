import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';

/** The shop's pages and scripts (test/browser/cross-origin-shop). */
const SHOP_DIR = join(__dirname, 'cross-origin-shop');
/** Toss's npm loader as a browser imports it: the package's ES module build. */
const LOADER = join(
  dirname(require.resolve('@tosspayments/tosspayments-sdk/package.json')),
  'dist',
  'index.esm.js',
);
const FILES: Record<string, string> = {
  '/': join(SHOP_DIR, 'index.html'),
  '/index.html': join(SHOP_DIR, 'index.html'),
  '/success.html': join(SHOP_DIR, 'success.html'),
  '/fail.html': join(SHOP_DIR, 'fail.html'),
  '/shop.js': join(SHOP_DIR, 'shop.js'),
  '/common.js': join(SHOP_DIR, 'common.js'),
  '/vendor/tosspayments-sdk.js': LOADER,
};

export interface ShopServer {
  /** http://localhost:<port>: another origin (and another site) than the app's 127.0.0.1. */
  origin: string;
  close(): Promise<void>;
}

/** A static shop on its own port, as a merchant's frontend would be: no headers of its own. */
export async function startShopServer(): Promise<ShopServer> {
  const server = createServer((req, res) => {
    const file = FILES[new URL(req.url ?? '/', 'http://shop').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'content-type': file.endsWith('.html')
            ? 'text/html; charset=utf-8'
            : 'text/javascript; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(body);
      },
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
