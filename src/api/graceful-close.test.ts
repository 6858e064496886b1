import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../test/support/api-server';
import { openTestDatabase, type TestDatabase } from '../../test/support/databases';
import type { RunningApi } from './server';

describe('closing the API', () => {
  let database: TestDatabase;
  let api: RunningApi;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = await startTestApi(database.handle);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('answers a request in flight, then closes its kept-alive connection instead of waiting for keep-alive to end', async () => {
    const { port } = new URL(api.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    const body = 'grant_type=client_credentials';
    // The headers, asking to continue: the server's "100 Continue" says the request is under way there.
    const underWay = new Promise((resolve) => socket.once('data', resolve));
    socket.write(
      'POST /public/auth/token HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\nExpect: 100-continue\r\n' +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    await underWay;
    expect(received).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    // The server starts closing with the request in flight; then the body arrives.
    const closed = api.close();
    socket.write(body);
    await closed;
    await ended;
    // The caller got its whole answer (no client credentials: 401 invalid_client), and the server then hung up.
    expect(received).toMatch(/\r\n\r\nHTTP\/1\.1 401 /);
    expect(received).toContain('"error":"invalid_client"');
  });
});
