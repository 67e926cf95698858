import { webhookUrlProblem } from './webhook-subscription-url';

describe('webhookUrlProblem', () => {
  it('refuses other schemes and credentials in the URL', async () => {
    expect(await webhookUrlProblem('ftp://example.com/x', true)).toMatch(/http\(s\)/);
    expect(await webhookUrlProblem('https://user:pw@example.com/x', true)).toMatch(/credentials/);
  });

  it('refuses private and loopback addresses unless they are allowed', async () => {
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', false)).toMatch(/private network/);
    expect(await webhookUrlProblem('http://[::1]/hook', false)).toMatch(/private network/);
    expect(await webhookUrlProblem('http://10.1.2.3/hook', false)).toMatch(/private network/);
    expect(await webhookUrlProblem('http://127.0.0.1:8080/hook', true)).toBeNull();
    expect(await webhookUrlProblem('https://93.184.215.14/hook', false)).toBeNull();
  });
});
