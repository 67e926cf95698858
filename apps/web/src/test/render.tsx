import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { ApiClient, REFRESH_TOKEN_KEY } from '../api/client';
import { createQueryClient } from '../api/query-client';
import { AppProviders, AppRoutes } from '../app';
import { memoryStorage } from './fake-api';

/** The whole app at `path`, on a fake fetch; `signedIn` leaves a refresh token as after a reload. */
export function renderApp(opts: { path: string; fetch: typeof fetch; signedIn?: boolean; children?: ReactNode }) {
  const storage = memoryStorage(opts.signedIn ? { [REFRESH_TOKEN_KEY]: 'refresh-1' } : {});
  const api = new ApiClient({ fetch: opts.fetch, storage });
  const queryClient = createQueryClient();
  const utils = render(
    <MemoryRouter initialEntries={[opts.path]}>
      <AppProviders api={api} queryClient={queryClient}>
        {opts.children ?? <AppRoutes />}
      </AppProviders>
    </MemoryRouter>,
  );
  return { ...utils, api, queryClient, storage };
}
