import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

/** A start that fails says what happened, in words and with PostgreSQL's own, never `undefined`. */
describe('a failed start of the embedded PostgreSQL', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'procedures-start-error-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('quotes initdb when it cannot create the cluster', async () => {
    const dir = dataDir();
    fs.mkdirSync(path.join(dir, 'pg'));
    fs.writeFileSync(path.join(dir, 'pg', 'not-a-cluster'), 'left here by someone');
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(
      /^initdb could not create the PostgreSQL cluster in .*\/pg \(exit code 1\):\n.*exists but is not empty/s,
    );
  });

  it('names the port when another program listens on it', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      await expect(startEmbeddedPostgres(dataDir(), { port })).rejects.toThrow(
        new RegExp(
          `^PostgreSQL could not listen on 127\\.0\\.0\\.1:${port}: another program uses that port\\. Its last lines:\\n.*Address already in use`,
          's',
        ),
      );
    } finally {
      taken.close();
    }
  });
});
