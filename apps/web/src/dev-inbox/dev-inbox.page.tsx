import { Alert, Anchor, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { ApiError } from '../api/problem';
import { formatInstant } from '../lib/dates';
import { useDevInbox } from './dev-inbox-api';

/** A mail's text with its links clickable. */
function Linked({ text }: { text: string }) {
  return (
    <>
      {text.split(/(https?:\/\/\S+)/g).map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <Anchor key={i} href={part}>
            {part}
          </Anchor>
        ) : (
          part
        ),
      )}
    </>
  );
}

/**
 * The dev inbox of a single-machine install (no SMTP_URL): the mails written to the data folder
 * that are addressed to the signed-in user, so invitation and password reset links can be used
 * without a mail server. Where mail goes out over SMTP, the API answers 404 and the page says so.
 */
export function DevInboxPage() {
  const inbox = useDevInbox();
  const off = inbox.error instanceof ApiError && inbox.error.status === 404;

  return (
    <Stack maw={820}>
      <Title order={2}>Dev inbox</Title>
      <Text c="dimmed" size="sm">
        This install sends no mail: mails to your address are kept on this machine and shown here.
      </Text>
      {off ? (
        <Alert color="yellow">There is no dev inbox here: this install sends mail over SMTP.</Alert>
      ) : inbox.isLoading ? (
        <Text c="dimmed">Loading mails…</Text>
      ) : (inbox.data?.items ?? []).length === 0 ? (
        <Text c="dimmed">No mails for you yet.</Text>
      ) : (
        (inbox.data?.items ?? []).map((m) => (
          <Paper key={m.id} withBorder p="md" component="article" aria-label={m.subject}>
            <Text fw={600}>{m.subject}</Text>
            <Text size="xs" c="dimmed">
              From {m.from ?? 'unknown'} · {m.sentAt ? formatInstant(m.sentAt) : ''}
            </Text>
            <Code block mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
              <Linked text={m.text} />
            </Code>
          </Paper>
        ))
      )}
    </Stack>
  );
}
