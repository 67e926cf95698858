import { MeshError } from '@mt/messages';
import { ProviderError } from '../providers/channel-provider';

export const connectionNotFound = () => new MeshError('NOT_FOUND', 'No such connection', { status: 404, retryable: false });

/** A provider's failure while a user connects an account, as the problem they see. */
export function connectError(err: unknown, label: string): unknown {
  if (!(err instanceof ProviderError)) return err;
  switch (err.kind) {
    case 'invalid':
      return new MeshError('VALIDATION_FAILED', err.message, { status: 400, details: { errors: [{ field: fieldOf(err.message), message: err.message }] } });
    case 'revoked':
      return new MeshError('UNPROCESSABLE', `${label} did not accept these credentials: ${err.message}`, { status: 422 });
    case 'transient':
      return new MeshError('AGENT_UNAVAILABLE', `${label} is not answering right now (${err.message}); try again in a minute`, {
        status: 503,
        retryable: true,
      });
    case 'permanent':
      return new MeshError('UNPROCESSABLE', err.message, { status: 422 });
  }
}

function fieldOf(message: string): string {
  const m = /^((?:credentials|config)\.\w+)/.exec(message);
  return m ? m[1] : 'credentials';
}
