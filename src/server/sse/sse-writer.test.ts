/** SseWriter over a real socket: the bytes of a stream, refused frames, and backpressure. */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseWriter } from './sse-writer.js';

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server whose one request is handed to `use`, and a client response that is not read until asked. */
async function connect(use: (res: ServerResponse) => void): Promise<IncomingMessage> {
  server = createServer((_req, res) => use(res));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new Promise((resolve, reject) => request(`http://127.0.0.1:${port}/`, resolve).on('error', reject).end());
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    // A connection the server cut off ends in 'aborted' and an error, then 'close'.
    res.on('error', () => undefined);
    res.on('close', () => resolve(text));
    res.resume();
  });
}

describe('SseWriter', () => {
  it('writes the headers at once, then frames with id, event and one line of JSON data, and comments', async () => {
    const res = await connect((raw) => {
      const writer = new SseWriter(raw, { requestId: 'req-1', slowClientTimeoutMs: 1000 });
      writer.open();
      void (async () => {
        await writer.send({ id: 7, event: 'step.decision', data: { text: 'two\nlines\r\n', n: 1 } });
        await writer.send({ event: 'execution.updated', data: { status: 'running' } });
        writer.comment('keepalive');
        writer.end();
      })();
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({ 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no', 'x-request-id': 'req-1' });
    expect(await readAll(res)).toBe(
      ': connected\nretry: 2000\n\n' +
        'id: 7\nevent: step.decision\ndata: {"text":"two\\nlines\\r\\n","n":1}\n\n' +
        'event: execution.updated\ndata: {"status":"running"}\n\n' +
        ': keepalive\n\n',
    );
  });

  it('refuses event names, ids and comments with line breaks, and writes nothing for them', async () => {
    const errors: string[] = [];
    const res = await connect((raw) => {
      const writer = new SseWriter(raw, { requestId: 'r', slowClientTimeoutMs: 1000, retryMs: 500 });
      writer.open();
      void (async () => {
        for (const frame of [{ event: 'a\nb', data: 1 }, { id: '1\n2', event: 'x', data: 1 }, { id: 'nul\u0000', event: 'x', data: 1 }]) {
          await writer.send(frame).catch((e: Error) => errors.push(e.message));
        }
        try {
          writer.comment('a\rb');
        } catch (e) {
          errors.push((e as Error).message);
        }
        writer.end();
      })();
    });
    expect(await readAll(res)).toBe(': connected\nretry: 500\n\n');
    expect(errors).toHaveLength(4);
    expect(errors[0]).toMatch(/line break/);
  });

  it('holds the writer until the client reads, and cuts off a client that reads nothing for slowClientTimeoutMs', async () => {
    let writer: SseWriter | undefined;
    let writes = 0;
    let finished: boolean | undefined;
    const big = 'x'.repeat(64 * 1024);
    const res = await connect((raw) => {
      writer = new SseWriter(raw, { requestId: 'r', slowClientTimeoutMs: 200 });
      writer.open();
      void (async () => {
        // Far more than the socket buffers hold: without backpressure this loop would finish at once.
        for (let i = 0; i < 2000; i++) {
          if (!(await writer!.send({ id: i, event: 'e', data: big }))) return void (finished = false);
          writes++;
        }
        finished = true;
      })();
    });
    res.pause();
    await vi.waitFor(() => expect(finished).toBe(false), { timeout: 10_000 });
    expect(writes).toBeLessThan(2000);
    expect(writer!.closed).toBe(true);
    // What the client still reads ends where the writer stopped.
    const text = await readAll(res);
    expect(text.split('\nevent: e\n').length - 1).toBeLessThanOrEqual(writes + 1);
  });

  it('never cuts off a client that keeps reading', async () => {
    let finished: boolean | undefined;
    const res = await connect((raw) => {
      const writer = new SseWriter(raw, { requestId: 'r', slowClientTimeoutMs: 200 });
      writer.open();
      void (async () => {
        for (let i = 0; i < 300; i++) {
          if (!(await writer.send({ id: i, event: 'e', data: 'y'.repeat(64 * 1024) }))) return void (finished = false);
        }
        finished = true;
        writer.end();
      })();
    });
    const text = await readAll(res);
    expect(finished).toBe(true);
    expect(text.match(/^id: \d+$/gm)).toHaveLength(300);
  });
});
