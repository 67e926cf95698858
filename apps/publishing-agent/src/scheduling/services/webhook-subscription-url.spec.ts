import { webhookUrlProblem } from './webhook-subscription-url';

const allowed = { allowPrivate: true };
const strict = { allowPrivate: false };

describe('webhookUrlProblem', () => {
  it('refuses other schemes and credentials in the URL', async () => {
    expect(await webhookUrlProblem('ftp://example.com/x', allowed)).toMatch(/http\(s\)/);
    expect(await webhookUrlProblem('https://user:pw@example.com/x', allowed)).toMatch(/credentials/);
  });

  it('refuses private and loopback addresses unless they are allowed', async () => {
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', strict)).toMatch(/private network/);
    expect(await webhookUrlProblem('http://[::1]/hook', strict)).toMatch(/private network/);
    expect(await webhookUrlProblem('http://10.1.2.3/hook', strict)).toMatch(/private network/);
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', allowed)).toBeNull();
    expect(await webhookUrlProblem('https://93.184.215.14/hook', strict)).toBeNull();
  });

  it('checks the addresses a name resolves to, every one of them', async () => {
    const resolve = async (host: string) =>
      host === 'mixed.test'
        ? [
            { address: '93.184.215.14', family: 4 },
            { address: '10.0.0.7', family: 4 },
          ]
        : [{ address: '93.184.215.14', family: 4 }];
    expect(await webhookUrlProblem('https://mixed.test/hook', { allowPrivate: false, resolve })).toMatch(/private network/);
    expect(await webhookUrlProblem('https://public.test/hook', { allowPrivate: false, resolve })).toBeNull();
    expect(await webhookUrlProblem('https://nowhere.test/hook', { allowPrivate: false, resolve: async () => [] })).toMatch(/does not resolve/);
  });
});
