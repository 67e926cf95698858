import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, fieldErrorMap } from '../api/problem';
import { rateLimitNotice } from '../lib/rate-limit';
import { useDraft } from '../lib/use-draft';
import { useThrowToBoundary } from '../lib/use-throw';
import { issuesOf, PASSWORD_MIN, signUpSchema, namedErrors } from '../lib/validation';
import { RateLimitNotice } from '../shell/rate-limit-notice';
import { safeNext, useAuth } from './auth-context';
import { Leaving } from './leaving';

export function SignUpPage() {
  const auth = useAuth();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [draft, setDraft, clearDraft] = useDraft('sign-up', { name: '', email: '' });
  const [password, setPassword] = useState('');
  const [rawErrors, setErrors] = useState<Record<string, string>>({});
  const errors = namedErrors(rawErrors, { name: 'Your name', email: 'Email', password: 'Password' });
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const throwToBoundary = useThrowToBoundary();

  if (auth.status === 'signed-in') return <Leaving to={next === '/' ? '/brands/new' : next} what="Opening your workspace…" />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const v = signUpSchema.safeParse({ ...draft, password });
    setErrors(issuesOf(v));
    setFormError(null);
    if (!v.success) return;
    setBusy(true);
    try {
      await auth.signUp(v.data.name, v.data.email, v.data.password);
      clearDraft();
    } catch (err) {
      if (err instanceof ApiError && err.status < 500 && err.status !== 0) {
        const fields = fieldErrorMap(err);
        if (err.code === 'EMAIL_TAKEN') fields.email = 'is already registered — sign in instead';
        setErrors(fields);
        if (err.status === 429) rateLimitNotice.show(err.retryAfterSeconds);
        else if (!Object.keys(fields).length) setFormError(err.message);
      } else throwToBoundary(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size={440} py={60}>
      <main>
        <Title order={1} ta="center" mb="lg">
          Create your account
        </Title>
        <RateLimitNotice />
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate aria-label="Create your account">
            <Stack>
              {formError && (
                <Alert color="red" role="alert">
                  {formError}
                </Alert>
              )}
              <TextInput
                label="Your name"
                autoComplete="name"
                required
                value={draft.name}
                error={errors.name}
                onChange={(e) => setDraft({ name: e.currentTarget.value })}
              />
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
                description={`At least ${PASSWORD_MIN} characters, mixing two of: lower-case, upper-case, digits, symbols`}
                autoComplete="new-password"
                required
                value={password}
                error={errors.password}
                onChange={(e) => setPassword(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy} fullWidth>
                Create account
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text ta="center" size="sm" mt="md">
          Already have an account?{' '}
          <Anchor component={Link} to="/sign-in">
            Sign in
          </Anchor>
        </Text>
      </main>
    </Container>
  );
}
