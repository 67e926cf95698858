import { Alert, Button, Group, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { BRAND_LIMITS } from '@mt/contracts/brand.contract';
import { CreateBrandShape, UpdateBrandShape } from '@mt/contracts/shapes/brand.shapes';
import { useApi } from '../api/api-context';
import { ApiError, fieldErrorMap } from '../api/problem';
import type { Brand } from '../api/types';
import { timeZones } from '../lib/dates';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { brandsKey } from './active-brand';

export interface BrandFormValues {
  name: string;
  industry: string;
  description: string;
  website: string;
  audience: string;
  tone: string;
  values: string[];
  bannedWords: string[];
  pillars: string[];
  competitors: string[];
  timezone: string;
}

const TEXT_FIELDS = ['industry', 'description', 'website', 'audience', 'tone'] as const;

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function formValuesOf(b?: Brand): BrandFormValues {
  return {
    name: b?.name ?? '',
    industry: b?.industry ?? '',
    description: b?.description ?? '',
    website: b?.website ?? '',
    audience: b?.audience ?? '',
    tone: b?.tone ?? '',
    values: b?.values ?? [],
    bannedWords: b?.bannedWords ?? [],
    pillars: b?.pillars ?? [],
    competitors: b?.competitors ?? [],
    timezone: b?.timezone ?? browserTimeZone(),
  };
}

/** Empty optional text becomes null (the API's "cleared"). */
function toBody(v: BrandFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = { ...v, name: v.name.trim() };
  for (const f of TEXT_FIELDS) body[f] = v[f].trim() === '' ? null : v[f].trim();
  return body;
}

/** Create (no brand) or edit a brand profile; the typing is a draft until saved. */
export function BrandForm({ brand, onSaved }: { brand?: Brand; onSaved: (b: Brand) => void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues, clearDraft] = useDraft<BrandFormValues>(brand ? `brand.${brand.id}` : 'brand.new', formValuesOf(brand));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => (brand ? api.patch<Brand>(`/brands/${brand.id}`, body) : api.post<Brand>('/brands', body)),
    onSuccess: (saved) => {
      clearDraft();
      void queryClient.invalidateQueries({ queryKey: brandsKey });
      queryClient.setQueryData(['brand', saved.id], saved);
      notifications.show({ color: 'green', message: brand ? 'Brand profile saved.' : `${saved.name} is created.` });
      onSaved(saved);
    },
  });

  const serverErrors = fieldErrorMap(save.error);
  const errors = { ...serverErrors, ...clientErrors };
  const formError = save.error instanceof ApiError && save.error.status !== 429 && !Object.keys(serverErrors).length ? save.error.message : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    // The API's own shape for the request, on the body as sent: its limits, its messages.
    const body = toBody(values);
    const refused = requestIssues(brand ? UpdateBrandShape : CreateBrandShape, body);
    setClientErrors(refused);
    if (!Object.keys(refused).length) save.mutate(body);
  }

  const text = (field: 'name' | (typeof TEXT_FIELDS)[number] | 'timezone') => ({
    value: values[field],
    error: errors[field],
    onChange: (e: { currentTarget: { value: string } }) => {
      setValues({ [field]: e.currentTarget.value } as Partial<BrandFormValues>);
    },
  });
  const list = (field: 'values' | 'bannedWords' | 'pillars' | 'competitors', label: string) => (
    <TagsInput
      label={label}
      description={`Press Enter after each; at most ${BRAND_LIMITS[field].items}`}
      value={values[field]}
      error={errors[field]}
      onChange={(v) => setValues({ [field]: v } as Partial<BrandFormValues>)}
      maxTags={BRAND_LIMITS[field].items}
      splitChars={[',']}
      clearable
    />
  );

  return (
    <form onSubmit={submit} noValidate aria-label={brand ? 'Brand profile' : 'New brand'}>
      <Stack maw={860}>
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Brand name" required maxLength={BRAND_LIMITS.name.max} {...text('name')} />
          <TextInput label="Industry" maxLength={BRAND_LIMITS.industry.max} {...text('industry')} />
          <TextInput label="Website" type="url" placeholder="https://example.com" {...text('website')} />
          <Select
            label="Time zone"
            description="Where the brand's calendar and posting times are set"
            searchable
            limit={50}
            nothingFoundMessage="No such time zone"
            data={timeZones(values.timezone)}
            value={values.timezone}
            error={errors.timezone}
            onChange={(v) => v && setValues({ timezone: v })}
          />
        </SimpleGrid>
        <Textarea label="Description" autosize minRows={2} maxLength={BRAND_LIMITS.description.max} {...text('description')} />
        <Textarea label="Audience" description="Who you are talking to" autosize minRows={2} maxLength={BRAND_LIMITS.audience.max} {...text('audience')} />
        <TextInput label="Tone of voice" placeholder="Warm, knowledgeable, never snobbish" maxLength={BRAND_LIMITS.tone.max} {...text('tone')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {list('values', 'Values')}
          {list('pillars', 'Content pillars')}
          {list('bannedWords', 'Banned words')}
          {list('competitors', 'Competitors')}
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={save.isPending}>
            {brand ? 'Save profile' : 'Create brand'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
