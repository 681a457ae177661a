// A pass-through HTTP proxy in front of the test server, counting every request that
// reaches the server: the page's and its service worker's alike (the browser's own events
// show a worker's requests only in part, and not whether the HTTP cache answered them).
// Requests whose path `hold` picks wait until `release()`: a slow file on a weak link.
import { createServer, request } from 'node:http';

export async function startProxy(target, { hold = () => false } = {}) {
  const upstream = new URL(target);
  const asked = [];
  const waiting = [];
  let bytes = 0;
  let holding = true;
  const server = createServer((req, res) => {
    const path = req.url.split('?')[0];
    asked.push(path);
    const forward = () => {
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode, answer.headers);
          answer.on('data', (chunk) => (bytes += chunk.length));
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      req.pipe(out);
    };
    if (holding && hold(path)) waiting.push(forward);
    else forward();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${server.address().port}`,
    /** Every path asked for, in order. */
    asked,
    /** The bytes of every answer's body so far, as sent (compressed). */
    bytes: () => bytes,
    /** Lets the held requests, and every later one, through. */
    release() {
      holding = false;
      for (const forward of waiting.splice(0)) forward();
    },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}
