import { Alert, Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { fieldErrorMap } from '../api/problem';
import type { AdSet, AdSetInput, Campaign } from '../api/types';
import { PLATFORM_OPTIONS } from '../lib/labels';
import { useDraft } from '../lib/use-draft';
import { issuesOf } from '../lib/validation';
import { refusalOf } from '../shell/query-state';
import { formatMoney } from './adset-pacing';
import { useCreateAdSet, useUpdateBudgets, type BudgetChanges } from './adsets-api';

/** The gateway's CreateAdSetDto / RecordSpendDto rules for an amount. */
export const MAX_MONEY = 10_000_000;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
const twoDecimals = (v: number) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6;

export const money = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z
    .number({ error: 'is required' })
    .min(0.01, 'must be at least 0.01')
    .max(MAX_MONEY, `must be at most ${formatMoney(MAX_MONEY)}`)
    .refine(twoDecimals, 'must have at most 2 decimals'),
);

/** The publishing agent refuses a daily budget above the total one; said on the daily budget, as it does. */
function budgetsInOrder(v: { dailyBudget?: unknown; totalBudget?: unknown }, ctx: z.RefinementCtx) {
  if (typeof v.dailyBudget === 'number' && typeof v.totalBudget === 'number' && v.dailyBudget > v.totalBudget) {
    ctx.addIssue({ code: 'custom', path: ['dailyBudget'], message: 'must not exceed the total budget' });
  }
}

const optionalDate = z.string().refine((v) => v === '' || DATE.test(v), 'must be a date');

/** An ad set's dates default to its campaign's: the end is checked against whichever start applies. */
export const adSetSchema = (campaign: Pick<Campaign, 'startDate' | 'endDate'>) =>
  z
    .object({
      name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
      platform: z.string().refine((p) => PLATFORM_OPTIONS.some((o) => o.value === p), 'pick a platform'),
      dailyBudget: money,
      totalBudget: money,
      startDate: optionalDate,
      endDate: optionalDate,
    })
    .superRefine((v, ctx) => {
      budgetsInOrder(v, ctx);
      if ((v.endDate || campaign.endDate) < (v.startDate || campaign.startDate))
        ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'must not be before the start date' });
    });

export const budgetsSchema = z.object({ dailyBudget: money, totalBudget: money }).superRefine(budgetsInOrder);

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

/** A money field: two decimals, no currency (the contract has none). */
function MoneyInput(props: { label: string; value: Amount; error?: string; description?: string; onChange(v: Amount): void }) {
  return (
    <NumberInput
      label={props.label}
      description={props.description}
      required
      min={0.01}
      max={MAX_MONEY}
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
    const v = adSetSchema(campaign).safeParse(draft);
    setClientErrors(issuesOf(v));
    if (!v.success) return;
    const body: AdSetInput = {
      name: v.data.name,
      platform: v.data.platform,
      dailyBudget: v.data.dailyBudget,
      totalBudget: v.data.totalBudget,
      ...(v.data.startDate ? { startDate: v.data.startDate } : {}),
      ...(v.data.endDate ? { endDate: v.data.endDate } : {}),
    };
    create.mutate(body, {
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
    const v = budgetsSchema.safeParse(values);
    setClientErrors(issuesOf(v));
    if (!v.success) return;
    const changes: Partial<BudgetChanges> = {};
    if (v.data.dailyBudget !== adSet.dailyBudget) changes.dailyBudget = v.data.dailyBudget;
    if (v.data.totalBudget !== adSet.totalBudget) changes.totalBudget = v.data.totalBudget;
    save.mutate(changes, {
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
