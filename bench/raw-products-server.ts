/**
 * The baseline of the products benchmark: plain node:http + pg answering GET /api/v1/products with
 * the same page the app answers (active products, oldest first, page 1 of 20, and the total), from
 * the same database, with a pool of the same size. What the framework stack costs is the gap.
 *
 *   DATABASE_URL=… PORT=… DATABASE_POOL_SIZE=10 node dist/bench/raw-products-server.js
 */
import http from 'node:http';
import { Pool } from 'pg';

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

interface Row {
  id: string;
  name: string;
  price: number;
  currency: string;
  description: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

async function page(): Promise<string> {
  const rows = await pool.query<Row>(
    'SELECT id, name, price, currency, description, active, created_at, updated_at FROM products WHERE active = true ORDER BY created_at ASC, id ASC LIMIT 20 OFFSET 0',
  );
  const count = await pool.query<{ total: number }>(
    'SELECT count(*)::int AS total FROM products WHERE active = true',
  );
  const items = rows.rows.map((p) => ({
    id: p.id,
    name: p.name,
    price: p.price,
    currency: p.currency,
    ...(p.description !== null && { description: p.description }),
    active: p.active,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  }));
  return JSON.stringify({ items, page: 1, limit: 20, total: count.rows[0].total });
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && (req.url === '/api/v1/products' || req.url === '/health')) {
    page().then(
      (body) => {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        res.end(body);
      },
      (error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      },
    );
    return;
  }
  res.writeHead(404).end();
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 3200), '127.0.0.1');
process.once('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
