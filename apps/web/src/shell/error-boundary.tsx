import { Alert, Button, Code, Stack, Text, Title } from '@mantine/core';
import { QueryErrorResetBoundary } from '@tanstack/react-query';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { ApiError } from '../api/problem';
import { draftKeys } from '../lib/use-draft';

interface Props {
  children: ReactNode;
  /** A change (e.g. the path) clears the error: navigating away is a way out too. */
  resetKey?: string;
  onReset?: () => void;
}

interface State {
  error: unknown;
  key?: string;
}

class Boundary extends Component<Props, State> {
  state: State = { error: null, key: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }

  componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('UI error', error, info.componentStack);
  }

  render() {
    if (this.state.error === null) return this.props.children;
    return (
      <ErrorFallback
        error={this.state.error}
        onRetry={() => {
          this.props.onReset?.();
          this.setState({ error: null });
        }}
      />
    );
  }
}

/**
 * 500s, network failures and bugs end here. The user's typing is not lost: forms keep drafts in
 * sessionStorage, so "Try again" brings the form back filled in.
 */
export function ErrorFallback({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const api = error instanceof ApiError ? error : null;
  const offline = api?.status === 0;
  const drafts = draftKeys().length > 0;
  return (
    <Stack gap="md" maw={640} role="alert" aria-live="assertive">
      <Title order={2}>{offline ? 'The server could not be reached' : 'Something went wrong'}</Title>
      <Text>
        {offline
          ? 'Check your connection; nothing you typed is lost.'
          : api
            ? `${api.problem.title}. Please try again in a moment.`
            : 'The page hit an unexpected error.'}
      </Text>
      {drafts && (
        <Alert color="blue" title="Your unsaved input is kept">
          What you typed is stored in this browser tab and comes back when you try again.
        </Alert>
      )}
      {api?.problem.requestId && (
        <Text size="sm" c="dimmed">
          Reference for support: <Code>{api.problem.requestId}</Code>
        </Text>
      )}
      <div>
        <Button onClick={onRetry}>Try again</Button>
      </div>
    </Stack>
  );
}

export function AppErrorBoundary({ children, resetKey }: { children: ReactNode; resetKey?: string }) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <Boundary resetKey={resetKey} onReset={reset}>
          {children}
        </Boundary>
      )}
    </QueryErrorResetBoundary>
  );
}
