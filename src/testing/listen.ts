// The mock over HTTP, on 127.0.0.1 unless the conomy-mock command asks for another host. node:http
// is imported only when a test calls listen(), so the testing entry stays loadable where Node's
// modules are not (a browser running MSW). Its specifier is a variable, so that a bundler building
// for the browser (esbuild, Rollup) leaves the import to the runtime instead of failing to resolve
// node:http; webpack and Vite are told the same by their comments.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConomyMockFetch, ListeningConomyMock } from './types.js';

const NODE_HTTP = 'node:http';

export async function listen(handler: ConomyMockFetch, port = 0, host = '127.0.0.1'): Promise<ListeningConomyMock> {
  const { createServer } = (await import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_HTTP)) as typeof import('node:http');
  const server = createServer((incoming, outgoing) => {
    serve(handler, incoming, outgoing).catch((error: unknown) => {
      // Only a reply that cannot be written gets here (the handler answers every request).
      outgoing.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // A client's idle keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

async function serve(handler: ConomyMockFetch, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const one of [value ?? []].flat()) headers.append(name, one);
  }
  const method = incoming.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
  const response = await handler(new Request(`http://127.0.0.1${incoming.url ?? '/'}`, { method, headers, ...(body ? { body } : {}) }));
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}
