import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/problem';
import { useAiProviderStatus } from './ai-provider-api';
import type { AiProviderTestResult } from '@mt/contracts/ai-provider.contract';

type TestPassed = Extract<AiProviderTestResult, { ok: true }>;

const STRUCTURED: Record<string, string> = {
  'built-in': 'built in',
  json_schema: 'JSON Schema response format',
  json_object: 'JSON mode, validated',
  tool_call: 'forced tool call',
  response_schema: 'response schema',
};

function TestOutcome({ error, data }: { error: unknown; data: TestPassed | undefined }) {
  if (data) {
    return (
      <Alert color="green" variant="light" role="status" title="Connected">
        {data.model} answered in {data.latencyMs} ms.
      </Alert>
    );
  }
  if (error instanceof ApiError) {
    const ext = error.problem.extensions ?? {};
    const how = typeof ext.providerCode === 'string' ? ` (${ext.providerCode})` : '';
    const after = typeof ext.latencyMs === 'number' ? ` after ${ext.latencyMs} ms` : '';
    return (
      <Alert color="red" variant="light" role="alert" title={`The provider answered with an error${how}${after}`}>
        {error.message}
      </Alert>
    );
  }
  return null;
}

/**
 * The instance owner's AI provider panel: which provider, preset and models are active, and a
 * connection test. Shows nothing to anyone else (GET /ai/provider answers them 403).
 */
export function AiProviderPanel() {
  const api = useApi();
  const status = useAiProviderStatus();
  const test = useMutation({
    mutationFn: () => api.post<TestPassed>('/ai/provider/test'),
    // A failed test is the answer the owner asked for, not a broken page.
    throwOnError: false,
  });
  const s = status.data;
  if (!s) return null;
  return (
    <Card withBorder aria-label="AI provider">
      <Stack gap="xs">
        <Group justify="space-between">
          <Title order={3} size="h5">
            AI provider
          </Title>
          <Badge color={s.builtIn ? 'gray' : 'teal'} variant="light">
            {s.builtIn ? 'Built-in engine (no language model)' : 'Language model'}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Visible to you as the owner of this instance. Settings live in the server&apos;s .env (AI_* variables).
        </Text>
        <Table fz="sm" withRowBorders={false} aria-label="Active AI provider">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={160}>Preset</Table.Th>
              <Table.Td>
                {s.preset}{' '}
                <Text span c="dimmed" size="xs">
                  (AI_PROVIDER={s.provider})
                </Text>
              </Table.Td>
            </Table.Tr>
            {s.baseUrl && (
              <Table.Tr>
                <Table.Th>Endpoint</Table.Th>
                <Table.Td>{s.baseUrl}</Table.Td>
              </Table.Tr>
            )}
            <Table.Tr>
              <Table.Th>Content model</Table.Th>
              <Table.Td>{s.models.content}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Strategy model</Table.Th>
              <Table.Td>{s.models.strategy}</Table.Td>
            </Table.Tr>
            {!s.builtIn && (
              <>
                <Table.Tr>
                  <Table.Th>API key</Table.Th>
                  <Table.Td>{s.apiKeySet ? 'set' : 'not set'}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Structured output</Table.Th>
                  <Table.Td>{STRUCTURED[s.structuredOutput] ?? s.structuredOutput}</Table.Td>
                </Table.Tr>
                <Table.Tr>
                  <Table.Th>Timeout, retries</Table.Th>
                  <Table.Td>
                    {s.timeoutMs} ms, {s.maxRetries} {s.maxRetries === 1 ? 'retry' : 'retries'}
                  </Table.Td>
                </Table.Tr>
              </>
            )}
          </Table.Tbody>
        </Table>
        <Group>
          <Button variant="default" size="xs" loading={test.isPending} onClick={() => test.mutate()}>
            Test connection
          </Button>
        </Group>
        {!test.isPending && <TestOutcome error={test.error} data={test.data} />}
      </Stack>
    </Card>
  );
}
