import type { PGlite } from '@electric-sql/pglite';

/** Frontend messages of the extended query protocol that leave an exchange open until Sync. */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);
const SIMPLE_QUERY = 'Q'.charCodeAt(0);

/**
 * The PGlite the socket server sees, with one correction. The server runs one client's message
 * at a time and keeps a client's messages together only inside a transaction; between Parse/Bind
 * and Sync of a plain parameterised query another client's messages could run and replace the
 * unnamed statement and portal ("portal "" does not exist"). This reports such an open exchange as
 * "in transaction", so the server keeps serving the same client until its Sync.
 */
export function guardExtendedProtocol(db: PGlite): PGlite {
  let open = false;
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'isInTransaction') return () => open || target.isInTransaction();
      if (prop === 'execProtocolRawStream') {
        return async (message: Uint8Array, ...rest: unknown[]) => {
          const type = message[0];
          if (EXTENDED.has(type)) open = true;
          try {
            return await (target.execProtocolRawStream as (m: Uint8Array, ...r: unknown[]) => Promise<unknown>)(message, ...rest);
          } finally {
            if (type === SYNC || type === SIMPLE_QUERY) open = false;
          }
        };
      }
      if (prop === 'exec') {
        // The server's clean-up of a client that left mid-exchange (ROLLBACK) ends the exchange too.
        return async (...args: Parameters<PGlite['exec']>) => {
          open = false;
          return target.exec(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
