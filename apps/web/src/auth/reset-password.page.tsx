import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiError, fieldErrorMap } from '../api/problem';
import { useThrowToBoundary } from '../lib/use-throw';

/**
 * Password reset: without a token, ask for a link by email (the answer is the same whether the
 * address is registered or not); with the mailed token, choose a new password, which ends every
 * session of the account.
 */
export function ResetPasswordPage() {
  const api = useApi();
  const [params] = useSearchParams();
  const token = params.get('token');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const throwToBoundary = useThrowToBoundary();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setBusy(true);
    try {
      if (token) {
        await api.post('/auth/password-reset/confirm', { token, password }, { auth: false });
        setDone('Your password is changed, and every session of your account has ended. Sign in with the new password.');
      } else {
        await api.post('/auth/password-reset', { email }, { auth: false });
        setDone(`If ${email} has an account, a link to choose a new password is on its way. It works once, for 30 minutes.`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status < 500 && err.status !== 0) {
        const fields = fieldErrorMap(err);
        setErrors(Object.keys(fields).length > 0 ? fields : { form: err.message });
      } else throwToBoundary(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Container size={420} py={60}>
      <main>
        <Title order={1} ta="center" mb="lg">
          {token ? 'Choose a new password' : 'Reset your password'}
        </Title>
        <Paper withBorder p="lg" radius="md">
          {done ? (
            <Alert color="green" role="status">
              {done}
            </Alert>
          ) : (
            <form onSubmit={submit} noValidate aria-label={token ? 'Choose a new password' : 'Reset your password'}>
              <Stack>
                {(errors.form || errors.token) && (
                  <Alert color="red" role="alert">
                    {errors.token ? `The link ${errors.token}.` : errors.form}
                  </Alert>
                )}
                {token ? (
                  <PasswordInput
                    label="New password"
                    autoComplete="new-password"
                    required
                    value={password}
                    error={errors.password}
                    onChange={(e) => setPassword(e.currentTarget.value)}
                  />
                ) : (
                  <TextInput
                    label="Email"
                    type="email"
                    autoComplete="email"
                    required
                    value={email}
                    error={errors.email}
                    onChange={(e) => setEmail(e.currentTarget.value)}
                  />
                )}
                <Button type="submit" loading={busy} fullWidth>
                  {token ? 'Set the new password' : 'Send me a link'}
                </Button>
              </Stack>
            </form>
          )}
        </Paper>
        <Text ta="center" size="sm" mt="md">
          <Anchor component={Link} to="/sign-in">
            Back to sign in
          </Anchor>
        </Text>
      </main>
    </Container>
  );
}
