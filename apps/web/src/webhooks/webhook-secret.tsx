import { Alert, Button, Code, CopyButton, Group, Stack, Text } from '@mantine/core';
import type { WebhookSubscription } from '../api/types';

/**
 * The signing secret of a webhook just created. The API gives it in that answer only: it lives in
 * this component's props, never in the query cache or a draft, and is gone once dismissed.
 */
export function WebhookSecret({ webhook, onDismiss }: { webhook: WebhookSubscription & { secret: string }; onDismiss(): void }) {
  return (
    <Alert color="yellow" title="Copy the signing secret now" role="status">
      <Stack gap="xs">
        <Text size="sm">
          The webhook to <strong>{webhook.url}</strong> is created. Receivers verify each delivery's <Code>webhook-signature</Code> with this secret.
        </Text>
        <Code block>{webhook.secret}</Code>
        <Text size="sm" fw={600}>
          You will not see it again: it is shown once, here. If you lose it, delete the webhook and create a new one.
        </Text>
        <Group gap="xs">
          <CopyButton value={webhook.secret}>
            {({ copied, copy }) => (
              <Button size="xs" onClick={copy}>
                {copied ? 'Copied' : 'Copy secret'}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="subtle" onClick={onDismiss}>
            I have saved it
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
