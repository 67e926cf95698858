import { Alert, Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { ApiError, fieldErrorMap } from '../api/problem';
import type { Brand, Job, JobAccepted, VoiceFeedback, VoiceProfile } from '../api/types';
import { JobProgress } from '../jobs/job-progress';
import { useTrackedJob } from '../jobs/use-tracked-job';
import { formatInstant } from '../lib/dates';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { refusalOf } from '../shell/query-state';
import { VOICE_SAMPLE_LIMITS } from '@mt/contracts/brand.contract';
import { VoiceSamplesShape } from '@mt/contracts/shapes/voice.shapes';
import type { Page } from '../api/types';

/** The voice's person (ADR 125), as a marketer would say it. */
const PERSON_TEXT: Record<'first' | 'second' | 'third', string> = {
  first: 'speaks as “we”',
  second: 'speaks to “you”, never “we”',
  third: 'names the brand, no “we” or “you”',
};

/** Samples are separated by a line with three dashes, or by blank lines. */
export const splitSamples = (text: string): string[] =>
  text
    .split(/\n\s*---+\s*\n|\n\s*\n/)
    .map((s) => s.trim())
    .filter(Boolean);

function Profile({ voice, timezone }: { voice: VoiceProfile; timezone?: string }) {
  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Badge variant="light">version {voice.version}</Badge>
        <Badge variant="outline">{voice.sampleCount} samples and posts</Badge>
        <Text size="xs" c="dimmed">
          updated {formatInstant(voice.updatedAt, timezone)}
        </Text>
      </Group>
      <Text>{voice.tone}</Text>
      {voice.traits?.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {voice.traits.map((t) => (
            <Card key={t.trait} withBorder padding="xs">
              <Text fw={600} size="sm">
                {t.trait}
              </Text>
              <Text size="xs">{t.description}</Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {voice.sentenceStyle && (
        <Text size="sm">
          Sentences of about {voice.sentenceStyle.averageSentenceWords} words · {voice.sentenceStyle.readingLevel} reading level · emoji{' '}
          {voice.sentenceStyle.emojiPolicy}
          {voice.sentenceStyle.person ? ` · ${PERSON_TEXT[voice.sentenceStyle.person]}` : ''}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <div>
          <Text fw={600} size="sm">
            Do
          </Text>
          <List size="sm">
            {(voice.dos ?? []).map((d) => (
              <List.Item key={d}>{d}</List.Item>
            ))}
          </List>
          {voice.vocabulary?.preferred?.length > 0 && (
            <Text size="sm" mt={4}>
              Preferred words: {voice.vocabulary.preferred.join(', ')}
            </Text>
          )}
        </div>
        <div>
          <Text fw={600} size="sm">
            Don’t
          </Text>
          <List size="sm">
            {(voice.donts ?? []).map((d) => (
              <List.Item key={d}>{d}</List.Item>
            ))}
          </List>
          {voice.vocabulary?.avoid?.length > 0 && (
            <Text size="sm" mt={4}>
              Avoid: {voice.vocabulary.avoid.join(', ')}
            </Text>
          )}
        </div>
      </SimpleGrid>
      {voice.examples?.length > 0 && (
        <div>
          <Text fw={600} size="sm">
            In the brand’s voice
          </Text>
          <List size="sm">
            {voice.examples.slice(0, 5).map((e) => (
              <List.Item key={e}>“{e}”</List.Item>
            ))}
          </List>
        </div>
      )}
    </Stack>
  );
}

const FEEDBACK_LABELS: Record<VoiceFeedback['kind'], string> = { accepted: 'Approved', edited: 'Edited', rejected: 'Rejected', 'ab-winner': 'A/B winner' };
const FEEDBACK_COLORS: Record<VoiceFeedback['kind'], string> = { accepted: 'teal', edited: 'blue', rejected: 'red', 'ab-winner': 'violet' };

/** The learning loop's record: what the team approved, edited or rejected, and what it changed in the voice. */
function Feedback({ brandId, timezone }: { brandId: string; timezone?: string }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['brand', brandId, 'voice', 'feedback'],
    queryFn: ({ signal }) => api.get<Page<VoiceFeedback>>(`/brands/${brandId}/voice/feedback?limit=10`, { signal }),
    throwOnError: false,
  });
  const items = q.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Stack gap="xs">
      <Title order={4}>What the voice learned from</Title>
      {items.map((f) => (
        <Card key={f.id} withBorder padding="xs">
          <Group gap="xs" justify="space-between">
            <Badge size="sm" variant="light" color={FEEDBACK_COLORS[f.kind]}>
              {FEEDBACK_LABELS[f.kind]}
            </Badge>
            <Text size="xs" c="dimmed">
              {f.voiceVersion ? `→ version ${f.voiceVersion} · ` : ''}
              {formatInstant(f.createdAt, timezone)}
            </Text>
          </Group>
          {f.text && (
            <Text size="sm" lineClamp={2} mt={4}>
              {f.text}
            </Text>
          )}
          {(f.removedWords.length > 0 || f.addedWords.length > 0) && (
            <Text size="xs" mt={4}>
              {f.removedWords.length > 0 && <span>Took out: {f.removedWords.join(', ')}. </span>}
              {f.addedWords.length > 0 && <span>Put in: {f.addedWords.join(', ')}.</span>}
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}

/** Voice samples in, the learned voice profile out (a job with live progress). */
export function BrandVoice({ brand }: { brand: Brand }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['brand', brand.id, 'voice'];
  const voice = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<VoiceProfile>(`/brands/${brand.id}/voice`, { signal }),
    throwOnError: false,
    retry: false,
  });
  const job = useTrackedJob(`brand.voice.${brand.id}`, { kinds: ['brand.voice'], brandId: brand.id });
  const [draft, setDraft, clearDraft] = useDraft<{ text: string }>(`voice.${brand.id}`, { text: '' });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const learn = useMutation({
    mutationFn: (samples: string[]) => api.post<JobAccepted>(`/brands/${brand.id}/voice/samples`, { samples }, { idempotencyKey: crypto.randomUUID() }),
    onSuccess: (a) => {
      clearDraft();
      job.start(a);
    },
  });
  const canEdit = brand.role === 'editor' || brand.role === 'owner';
  const samples = splitSamples(draft.text);
  const errors = { ...fieldErrorMap(learn.error), ...clientErrors };

  function submit(e: FormEvent) {
    e.preventDefault();
    // The samples as sent, checked with the API's own shape.
    const refused = requestIssues(VoiceSamplesShape, { samples });
    setClientErrors(refused);
    if (!Object.keys(refused).length) learn.mutate(samples);
  }
  function learned(j: Job) {
    job.clear();
    if (j.result && typeof j.result === 'object' && 'tone' in j.result) queryClient.setQueryData(key, j.result);
    void queryClient.invalidateQueries({ queryKey: key });
  }

  const noVoice = voice.error instanceof ApiError && voice.error.status === 404;
  return (
    <Stack>
      <Title order={3}>Learned voice</Title>
      {voice.data ? (
        <Profile voice={voice.data} timezone={brand.timezone} />
      ) : voice.isLoading ? (
        <Text c="dimmed">Loading…</Text>
      ) : noVoice || !voice.error ? (
        <Text c="dimmed">No voice learned yet: paste a few posts, emails or pages the brand wrote.</Text>
      ) : (
        <Alert color="red">{(voice.error as Error).message}</Alert>
      )}
      {job.jobId && (
        <Card withBorder>
          <JobProgress jobId={job.jobId} onDone={learned} />
        </Card>
      )}
      <Feedback brandId={brand.id} timezone={brand.timezone} />
      {canEdit && (
        <form onSubmit={submit} aria-label="Voice samples" noValidate>
          <Stack gap="sm" maw={860}>
            {refusalOf(learn.error) && !errors.samples && (
              <Alert color="red" role="alert">
                {refusalOf(learn.error)}
              </Alert>
            )}
            <Textarea
              label="Voice samples"
              description={`Separate samples with a blank line or a line of ---. ${samples.length} sample${samples.length === 1 ? '' : 's'}; at most ${VOICE_SAMPLE_LIMITS.items.max}.`}
              autosize
              minRows={6}
              value={draft.text}
              error={errors.samples}
              onChange={(e) => setDraft({ text: e.currentTarget.value })}
            />
            <Group>
              <Button type="submit" loading={learn.isPending} disabled={!!job.jobId}>
                Learn the voice
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
