import { createServer } from 'node:net';

/**
 * The first of `count` consecutive ports that are free now (`npm run start:all` puts its agents on
 * PORT+1 … PORT+5). Drawn below Linux's ephemeral range (32768–60999, /proc/sys/net/ipv4/
 * ip_local_port_range): a port in it can be taken at any moment by any process's outgoing
 * connection, as one of start:all's agents found (EADDRINUSE) in a loaded run. Each candidate run
 * is bound and released first, so a server another suite started there is skipped too.
 */
export async function freePortRun(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * (32_000 - 20_000 - count));
    const held: ReturnType<typeof createServer>[] = [];
    let free = true;
    for (let port = base; port < base + count && free; port++) {
      const server = createServer();
      free = await new Promise<boolean>((resolve) => server.once('error', () => resolve(false)).listen(port, '127.0.0.1', () => resolve(true)));
      if (free) held.push(server);
    }
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
    if (free) return base;
  }
  throw new Error(`no run of ${count} free ports found below the ephemeral range`);
}
