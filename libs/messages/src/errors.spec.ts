import { isConnectionLoss, MeshError, toRemoteError } from './errors';

const terminated = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('isConnectionLoss', () => {
  it('tells a lost database connection from a failed statement', () => {
    expect(isConnectionLoss(terminated())).toBe(true);
    expect(isConnectionLoss({ code: '08006', message: 'connection failure' })).toBe(true);
    expect(isConnectionLoss({ message: 'Query failed', driverError: new Error('Connection terminated unexpectedly') })).toBe(true);
    expect(isConnectionLoss({ code: '23505', message: 'duplicate key value' })).toBe(false);
    expect(isConnectionLoss(new Error('AI provider timed out'))).toBe(false);
    expect(isConnectionLoss(null)).toBe(false);
    // TypeORM's word for a statement sent on a query runner it released when the socket went.
    const released = Object.assign(
      new Error('Database connection provided by a query runner was already released, cannot continue to use its querying methods anymore.'),
      { name: 'QueryRunnerProviderAlreadyReleasedError' },
    );
    expect(isConnectionLoss(released)).toBe(true);
    expect(
      isConnectionLoss(Object.assign(new Error('Query runner already released. Cannot run queries anymore.'), { name: 'QueryRunnerAlreadyReleasedError' })),
    ).toBe(true);
  });
});

describe('toRemoteError', () => {
  it('answers a handler whose database connection was lost as AGENT_UNAVAILABLE (503, retryable), not as a failed handler', () => {
    expect(toRemoteError(terminated())).toEqual({
      code: 'AGENT_UNAVAILABLE',
      message: 'A connection to the database or store was lost; try again shortly.',
      retryable: true,
      status: 503,
      details: { cause: 'terminating connection due to administrator command' },
    });
  });

  it('keeps a coded error and answers any other error as HANDLER_FAILED', () => {
    expect(toRemoteError(new MeshError('NOT_FOUND', 'no brand', { status: 404 }))).toEqual({
      code: 'NOT_FOUND',
      message: 'no brand',
      retryable: false,
      status: 404,
    });
    expect(toRemoteError(new Error('the printer is on fire'))).toEqual({
      code: 'HANDLER_FAILED',
      message: 'the printer is on fire',
      retryable: true,
      status: 500,
    });
  });
});
