import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LoginShape } from '@mt/contracts/shapes/auth.shapes';
import { ApiError, fieldErrorMap } from '../api/problem';
import { rateLimitNotice } from '../lib/rate-limit';
import { useDraft } from '../lib/use-draft';
import { useThrowToBoundary } from '../lib/use-throw';
import { requestIssues } from '../lib/validation';
import { RateLimitNotice } from '../shell/rate-limit-notice';
import { safeNext, useAuth } from './auth-context';
import { Leaving } from './leaving';

export function SignInPage() {
  const auth = useAuth();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  // The email is a draft; the password never is.
  const [draft, setDraft] = useDraft('sign-in', { email: '' });
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const throwToBoundary = useThrowToBoundary();

  if (auth.status === 'signed-in') return <Leaving to={next} what="Opening your workspace…" />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    // The body sent, checked with the API's shape (an empty field reads "is required").
    const body = { email: draft.email.trim(), password };
    const issues = requestIssues(LoginShape, body);
    setErrors(issues);
    setFormError(null);
    if (Object.keys(issues).length) return;
    setBusy(true);
    try {
      await auth.signIn(body.email, body.password);
    } catch (err) {
      if (err instanceof ApiError && err.status < 500 && err.status !== 0) {
        setErrors(fieldErrorMap(err));
        // Refused for the rate (the address's budget, or the account's back-off): the notice says how long to wait.
        if (err.status === 429) rateLimitNotice.show(err.retryAfterSeconds);
        else setFormError(err.message);
      } else throwToBoundary(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size={420} py={60}>
      <main>
        <Title order={1} ta="center" mb="xs">
          Sign in
        </Title>
        <Text c="dimmed" ta="center" size="sm" mb="lg">
          to Marketing Team
        </Text>
        <RateLimitNotice />
        {auth.notice && (
          <Alert color="yellow" mb="md">
            {auth.notice}
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate aria-label="Sign in">
            <Stack>
              {formError && (
                <Alert color="red" role="alert">
                  {formError}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                autoComplete="email"
                required
                value={draft.email}
                error={errors.email}
                onChange={(e) => setDraft({ email: e.currentTarget.value })}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                value={password}
                error={errors.password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy} fullWidth>
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text ta="center" size="sm" mt="md">
          <Anchor component={Link} to="/reset-password">
            Forgot your password?
          </Anchor>
        </Text>
        <Text ta="center" size="sm" mt="xs">
          New here?{' '}
          <Anchor component={Link} to={`/sign-up${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>
            Create an account
          </Anchor>
        </Text>
      </main>
    </Container>
  );
}
