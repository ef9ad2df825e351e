/** The test harness itself: throwaway PostgreSQL and Redis start, answer, restart on the same port and go away. */
import { existsSync } from 'node:fs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { describeWithServers, startServers, type Servers } from '../support/servers';

describeWithServers('throwaway PostgreSQL and Redis', () => {
  let servers: Servers;
  beforeAll(async () => {
    servers = await startServers();
  }, 120_000);
  afterAll(async () => {
    const dirs = servers ? [servers.postgres.dir, servers.redis.dir] : [];
    await servers?.stop();
    // Nothing is left behind: the clusters' directories are gone.
    for (const d of dirs) expect(existsSync(d)).toBe(false);
  }, 60_000);

  it('PostgreSQL 15 answers on its loopback port, and a second database can be made', async () => {
    const client = new Client({ connectionString: servers.postgres.url });
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    // the column is named after the setting
    await client.end();
    expect(rows[0].server_version).toMatch(/^15\./);
    const url = await servers.postgres.createDatabase('second');
    const other = new Client({ connectionString: url });
    await other.connect();
    expect((await other.query<{ d: string }>('SELECT current_database() AS d')).rows[0].d).toBe('second');
    await other.end();
  });

  it('Redis 7 answers, saves nothing, and comes back empty after a restart on the same port', async () => {
    const redis = new Redis(servers.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    await redis.connect();
    expect(await redis.info('server')).toMatch(/redis_version:7\./);
    await redis.set('k', 'v');
    redis.disconnect();
    await servers.redis.stop();
    await servers.redis.start();
    const again = new Redis(servers.redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    await again.connect();
    expect(await again.get('k')).toBeNull();
    again.disconnect();
  });

  it('PostgreSQL keeps its data across a stop and start', async () => {
    const c1 = new Client({ connectionString: servers.postgres.url });
    await c1.connect();
    await c1.query('CREATE TABLE kept (x int)');
    await c1.query('INSERT INTO kept VALUES (42)');
    await c1.end();
    servers.postgres.stop();
    await expect(new Client({ connectionString: servers.postgres.url }).connect()).rejects.toThrow();
    servers.postgres.start();
    const c2 = new Client({ connectionString: servers.postgres.url });
    await c2.connect();
    expect((await c2.query<{ x: number }>('SELECT x FROM kept')).rows).toEqual([{ x: 42 }]);
    await c2.end();
  });
});
