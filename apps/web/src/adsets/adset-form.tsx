import { Alert, Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { CreateAdSetShape, MAX_ADSET_MONEY, UpdateAdSetShape } from '@mt/contracts/shapes/adset.shapes';
import { fieldErrorMap } from '../api/problem';
import type { AdSet, AdSetInput, Campaign } from '../api/types';
import { PLATFORM_OPTIONS } from '../lib/labels';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { refusalOf } from '../shell/query-state';
import { formatMoney } from './adset-pacing';
import { useCreateAdSet, useUpdateBudgets, type BudgetChanges } from './adsets-api';

/**
 * The rules on a whole ad set that publishing-agent keeps beside the shapes (ADR 202), said before
 * sending with its words and on its fields: the daily budget within the total, the end not before
 * the start (each defaulting to the campaign's).
 */
function wholeAdSetIssues(
  v: { dailyBudget?: unknown; totalBudget?: unknown; startDate?: string; endDate?: string },
  campaign?: Pick<Campaign, 'startDate' | 'endDate'>,
) {
  const out: Record<string, string> = {};
  if (typeof v.dailyBudget === 'number' && typeof v.totalBudget === 'number' && v.dailyBudget > v.totalBudget)
    out.dailyBudget = 'must not exceed the total budget';
  if (campaign && (v.endDate || campaign.endDate) < (v.startDate || campaign.startDate)) out.endDate = 'must not be before the start date';
  return out;
}

type Amount = number | '';
interface CreateDraft {
  name: string;
  platform: string;
  dailyBudget: Amount;
  totalBudget: Amount;
  startDate: string;
  endDate: string;
}

const amountOf = (v: number | string): Amount => (v === '' ? '' : Number(v));
/** An empty amount is left out of the body (the shape then says it is required). */
const sentAmount = (v: Amount) => (v === '' ? undefined : v);

/** A money field: two decimals, no currency (the contract has none). */
function MoneyInput(props: { label: string; value: Amount; error?: string; description?: string; onChange(v: Amount): void }) {
  return (
    <NumberInput
      label={props.label}
      description={props.description}
      required
      min={0.01}
      max={MAX_ADSET_MONEY}
      decimalScale={2}
      thousandSeparator=","
      value={props.value}
      error={props.error}
      onChange={(v) => props.onChange(amountOf(v))}
    />
  );
}

/** A new ad set of the campaign: it starts as a draft, to be activated from the list. */
export function CreateAdSetForm({ campaign, onDone }: { campaign: Campaign; onDone(): void }) {
  const initial: CreateDraft = { name: '', platform: campaign.platforms[0] ?? 'linkedin', dailyBudget: '', totalBudget: '', startDate: '', endDate: '' };
  const [draft, setDraft, clearDraft] = useDraft<CreateDraft>(`adset.new.${campaign.id}`, initial);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useCreateAdSet(campaign.id);
  const serverErrors = fieldErrorMap(create.error);
  const errors = { ...serverErrors, ...clientErrors };
  const formError = Object.keys(serverErrors).length ? null : refusalOf(create.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    // The request as sent (an empty date is the campaign's: left out), checked with the API's shape.
    const body = {
      name: draft.name.trim(),
      platform: draft.platform,
      dailyBudget: sentAmount(draft.dailyBudget),
      totalBudget: sentAmount(draft.totalBudget),
      ...(draft.startDate ? { startDate: draft.startDate } : {}),
      ...(draft.endDate ? { endDate: draft.endDate } : {}),
    };
    const refused = { ...wholeAdSetIssues(draft, campaign), ...requestIssues(CreateAdSetShape, body) };
    setClientErrors(refused);
    if (Object.keys(refused).length) return;
    create.mutate(body as AdSetInput, {
      onSuccess: (saved) => {
        clearDraft();
        notifications.show({ color: 'green', message: `Ad set “${saved.name}” is created as a draft.` });
        onDone();
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label="New ad set">
      <Stack gap="sm">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput label="Name" required maxLength={120} value={draft.name} error={errors.name} onChange={(e) => setDraft({ name: e.currentTarget.value })} />
        <NativeSelect
          label="Platform"
          required
          data={PLATFORM_OPTIONS}
          value={draft.platform}
          error={errors.platform}
          onChange={(e) => setDraft({ platform: e.currentTarget.value })}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MoneyInput label="Daily budget" value={draft.dailyBudget} error={errors.dailyBudget} onChange={(v) => setDraft({ dailyBudget: v })} />
          <MoneyInput label="Total budget" value={draft.totalBudget} error={errors.totalBudget} onChange={(v) => setDraft({ totalBudget: v })} />
          <TextInput
            label="Start date"
            type="date"
            description={`Empty: the campaign's start, ${campaign.startDate}`}
            value={draft.startDate}
            error={errors.startDate}
            onChange={(e) => setDraft({ startDate: e.currentTarget.value })}
          />
          <TextInput
            label="End date"
            type="date"
            description={`Empty: the campaign's end, ${campaign.endDate}`}
            value={draft.endDate}
            error={errors.endDate}
            onChange={(e) => setDraft({ endDate: e.currentTarget.value })}
          />
        </SimpleGrid>
        <Group>
          <Button type="submit" loading={create.isPending}>
            Create ad set
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The daily and total budgets of an ad set; only what changed is sent, and pacing is judged again. */
export function BudgetsForm({ campaignId, adSet, onDone }: { campaignId: string; adSet: AdSet; onDone(): void }) {
  const [values, setValues] = useState<{ dailyBudget: Amount; totalBudget: Amount }>({ dailyBudget: adSet.dailyBudget, totalBudget: adSet.totalBudget });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const save = useUpdateBudgets(campaignId, adSet.id);
  const serverErrors = fieldErrorMap(save.error);
  const errors = { ...serverErrors, ...clientErrors };
  const formError = Object.keys(serverErrors).length ? null : refusalOf(save.error);
  const unchanged = values.dailyBudget === adSet.dailyBudget && values.totalBudget === adSet.totalBudget;

  function submit(e: FormEvent) {
    e.preventDefault();
    // Only what changed is sent; an emptied amount is checked as sent empty, so it reads as required.
    const changes: Record<string, unknown> = {};
    if (values.dailyBudget !== adSet.dailyBudget) changes.dailyBudget = values.dailyBudget;
    if (values.totalBudget !== adSet.totalBudget) changes.totalBudget = values.totalBudget;
    const refused = { ...wholeAdSetIssues(values), ...requestIssues(UpdateAdSetShape, changes) };
    setClientErrors(refused);
    if (Object.keys(refused).length) return;
    save.mutate(changes as Partial<BudgetChanges>, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', message: `Budgets of “${saved.name}” saved.` });
        onDone();
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Budgets of ${adSet.name}`}>
      <Stack gap="sm">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <MoneyInput label="Daily budget" value={values.dailyBudget} error={errors.dailyBudget} onChange={(v) => setValues((s) => ({ ...s, dailyBudget: v }))} />
        <MoneyInput
          label="Total budget"
          description={`${formatMoney(adSet.spentTotal)} spent so far`}
          value={values.totalBudget}
          error={errors.totalBudget}
          onChange={(v) => setValues((s) => ({ ...s, totalBudget: v }))}
        />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={unchanged}>
            Save budgets
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
