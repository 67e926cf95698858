import { RemoteError } from '@mt/messages';
import { ProblemFilter } from './problem.filter';

const req = { headers: { 'x-request-id': 'r-1' }, url: '/api/v1/brands' } as never;

describe('ProblemFilter: a lost database connection', () => {
  it('answers 503 AGENT_UNAVAILABLE with Retry-After when an agent lost its database under the request', () => {
    const remote = new RemoteError({
      code: 'AGENT_UNAVAILABLE',
      message: 'A connection to the database or store was lost; try again shortly.',
      retryable: true,
      status: 503,
    });
    const { problem, headers } = new ProblemFilter().toProblem(remote, req);
    expect(problem).toMatchObject({ status: 503, code: 'AGENT_UNAVAILABLE', requestId: 'r-1' });
    expect(headers).toEqual({ 'Retry-After': '5' });
  });

  it('answers 503 AGENT_UNAVAILABLE when the gateway’s own database connection was lost, without the driver’s words', () => {
    const lost = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const { problem, headers } = new ProblemFilter().toProblem(lost, req);
    expect(problem).toMatchObject({ status: 503, code: 'AGENT_UNAVAILABLE', detail: 'The database did not answer; try again shortly.' });
    expect(JSON.stringify(problem)).not.toContain('administrator');
    expect(headers).toEqual({ 'Retry-After': '5' });
  });

  it('still answers any other unexpected error as 500 INTERNAL', () => {
    const { problem } = new ProblemFilter().toProblem(new Error('null is not an object'), req);
    expect(problem).toMatchObject({ status: 500, code: 'INTERNAL', detail: 'The request could not be completed.' });
  });
});
