import { Alert, Anchor, Code, List, Text } from '@mantine/core';
import { AI_DOCS_URL, AI_PRESETS } from './presets';
import { useAiProviderStatus } from './ai-provider-api';

/**
 * A calm note while the built-in engine writes: what it is and how to connect a model. The instance
 * owner's status says so directly; for everyone else the page's own data does (`seenBuiltIn`: its
 * content or usage came from the built-in engine), since only the owner may read the status.
 */
export function BuiltInEngineNotice({ seenBuiltIn = false }: { seenBuiltIn?: boolean }) {
  const status = useAiProviderStatus();
  const builtIn = status.data ? status.data.builtIn : seenBuiltIn;
  if (!builtIn) return null;
  return (
    <Alert color="gray" variant="light" role="note" title="Written by the built-in engine" aria-label="About the built-in engine">
      <Text size="sm">
        No model is connected, so the built-in engine writes: proven marketing frameworks, templates and language rules applied to your brand&apos;s own words,
        facts and voice. It is not a language model: it runs offline, costs nothing, and everything it writes is labelled as such. To write with a model, the
        person who runs this server sets one of these in its <Code>.env</Code> and restarts it:
      </Text>
      <List size="xs" mt="xs" spacing={2} aria-label="Ways to connect a model">
        {AI_PRESETS.map((p) => (
          <List.Item key={p.name}>
            <Text span size="xs" fw={600}>
              {p.name}:
            </Text>{' '}
            <Code>{p.settings}</Code>
          </List.Item>
        ))}
      </List>
      <Text size="xs" mt="xs">
        Every setting, with prices and models:{' '}
        <Anchor href={AI_DOCS_URL} target="_blank" rel="noreferrer">
          docs/ai.md
        </Anchor>
      </Text>
    </Alert>
  );
}
