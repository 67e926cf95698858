import { Center, Loader, Stack, Text } from '@mantine/core';
import { Navigate } from 'react-router';

/**
 * Where a signed-in user goes from sign-in or sign-up. The router renders the next page in a
 * transition, keeping this one on screen meanwhile: a bare <Navigate> would leave a blank white
 * frame for as long as the app shell takes to render, so something is said instead.
 */
export function Leaving({ to, what }: { to: string; what: string }) {
  return (
    <>
      <Navigate to={to} replace />
      <Center h="100vh">
        <Stack align="center" gap="xs">
          <Loader aria-label={what} />
          <Text size="sm" c="dimmed">
            {what}
          </Text>
        </Stack>
      </Center>
    </>
  );
}
