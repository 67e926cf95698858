import helmet, { type HelmetOptions } from 'helmet';

/** A header helmet sets: its name and value, fixed for the process. */
export type FixedHeader = readonly [name: string, value: string | number | readonly string[]];

/**
 * The headers helmet would set on every answer, worked out once (ADR 178). With the gateway's
 * options (a static Content-Security-Policy, no nonces, no function directives) helmet writes the
 * same names and values on every response; calling it per request rebuilt them each time. Runs
 * helmet once on a response that only records `setHeader`; `removeHeader` (X-Powered-By) has
 * nothing to remove on Fastify. Fails loudly if helmet ever answers asynchronously or with an error.
 */
export function fixedSecurityHeaders(options: Readonly<HelmetOptions>): FixedHeader[] {
  const headers: FixedHeader[] = [];
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.push([name, value]);
    },
    removeHeader() {},
  };
  let called = false;
  helmet(options)({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
    called = true;
  });
  if (!called) throw new Error('helmet did not answer synchronously: its headers cannot be fixed once');
  return headers;
}
