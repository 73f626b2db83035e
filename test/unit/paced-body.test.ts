import http, { type IncomingMessage } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { pacedBody, UploadTooSlow } from '../../src/http/plugins/upload-pace';

const PACE = { idleMs: 200, totalMs: 1_000 };
const BODY = JSON.stringify({ query: '{ __typename }' });
const HEAD = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n`;

/** The request a server receives for `sent` (written at once), once a route would read its body: after the parser's turn. */
async function received(sent: string): Promise<{ request: IncomingMessage; close: () => void }> {
  const server = http.createServer();
  const request = new Promise<IncomingMessage>((resolve) => server.once('request', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const socket = net.connect((server.address() as AddressInfo).port, '127.0.0.1', () => socket.write(sent));
  socket.on('error', () => undefined);
  const incoming = await request;
  await new Promise((resolve) => setImmediate(resolve));
  return {
    request: incoming,
    close: () => {
      socket.destroy();
      server.close();
    },
  };
}

const read = async (body: NodeJS.ReadableStream) => {
  let text = '';
  for await (const chunk of body) text += String(chunk);
  return text;
};

describe('pacedBody', () => {
  it('leaves a body that has all arrived as it is', async () => {
    const { request, close } = await received(HEAD + BODY);
    try {
      const body = pacedBody(request, request, PACE);
      expect(body).toBe(request);
      expect(await read(body)).toBe(BODY);
    } finally {
      close();
    }
  });

  it('paces a body still on its way: one that stops is refused as too slow', async () => {
    const { request, close } = await received(HEAD + BODY.slice(0, 5));
    try {
      const body = pacedBody(request, request, PACE);
      expect(body).not.toBe(request);
      await expect(read(body)).rejects.toBeInstanceOf(UploadTooSlow);
    } finally {
      close();
    }
  });

  it('paces a body without a length (chunked) and one another hook has already wrapped', async () => {
    const chunked = await received(`POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n`);
    const whole = await received(HEAD + BODY);
    try {
      expect(pacedBody(chunked.request, chunked.request, PACE)).not.toBe(chunked.request);
      const wrapped = whole.request.pipe(new PassThrough());
      expect(pacedBody(whole.request, wrapped, PACE)).not.toBe(wrapped);
    } finally {
      chunked.close();
      whole.close();
    }
  });
});
