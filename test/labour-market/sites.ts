import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A site the test serves on 127.0.0.1, recording every request (path and start time). */
export interface TestSite {
  origin: string;
  host: string;
  requests: { path: string; at: number; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, site: TestSite) => void;

export async function serveSite(routes: Record<string, Handler>): Promise<TestSite> {
  const sockets = new Set<import('node:net').Socket>();
  const site = { requests: [] } as unknown as TestSite;
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    site.requests.push({ path, at: Date.now(), headers: req.headers });
    res.on('error', () => {});
    const handler = routes[path];
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      return;
    }
    handler(req, res, site);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  site.host = `127.0.0.1:${port}`;
  site.origin = `http://${site.host}`;
  site.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return site;
}

export const html =
  (body: string, headers: Record<string, string> = {}): Handler =>
  (req, res) => {
    const etag = headers.etag;
    if (etag && req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);
  };

export const xml =
  (body: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
  };

export const text =
  (body: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(body);
  };

export const redirect =
  (to: string): Handler =>
  (_req, res) => {
    res.writeHead(302, { location: to }).end();
  };

/** A page that starts and never finishes. */
export const endless: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.write('<html><body>');
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write('<p>still going</p>');
  }, 100);
  res.on('close', () => clearInterval(timer));
};

/** A 20 MB page, streamed without a length (so only counting the bytes finds out). */
export const huge: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  const pump = () => {
    while (sent < 20 * 1024 * 1024) {
      if (res.destroyed) return;
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
};

export function jsonLdPage(posting: Record<string, unknown>): string {
  return `<!doctype html><html lang="nl"><head><title>${String(posting.title)}</title><script type="application/ld+json">${JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    ...posting,
  })}</script></head><body><h1>${String(posting.title)}</h1></body></html>`;
}
