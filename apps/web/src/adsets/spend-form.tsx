import { Alert, Button, Group, NumberInput, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { MAX_ADSET_MONEY, RecordSpendShape } from '@mt/contracts/shapes/adset.shapes';
import { fieldErrorMap } from '../api/problem';
import type { AdSet, PacingFlag } from '../api/types';
import { requestIssues } from '../lib/validation';
import { refusalOf } from '../shell/query-state';
import { formatMoney } from './adset-pacing';
import { useRecordSpend } from './adsets-api';

/** Today in the brand's time zone (YYYY-MM-DD): spend is booked on the brand's days. */
export function todayIn(timeZone: string): string {
  const now = new Date();
  try {
    const parts = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
    const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

const flagKey = (f: PacingFlag) => `${f.kind}:${f.day ?? ''}`;

/**
 * Spend of one day, as the ad platform reported it. The answer carries the ad set's pacing: a flag
 * this spend raised is said at once (the in-app notification follows for the whole team).
 */
export function SpendForm({ campaignId, adSet, timezone, onDone }: { campaignId: string; adSet: AdSet; timezone: string; onDone(): void }) {
  const [values, setValues] = useState<{ amount: number | ''; date: string }>(() => ({ amount: '', date: todayIn(timezone) }));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const record = useRecordSpend(campaignId, adSet.id);
  const serverErrors = fieldErrorMap(record.error);
  const errors = { ...serverErrors, ...clientErrors };
  const formError = Object.keys(serverErrors).length ? null : refusalOf(record.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    // The spend as sent (no amount yet: left out), checked with the API's shape.
    const body = { amount: values.amount === '' ? undefined : values.amount, date: values.date };
    const refused = requestIssues(RecordSpendShape, body);
    setClientErrors(refused);
    if (Object.keys(refused).length) return;
    record.mutate(
      { amount: Number(values.amount), date: values.date },
      {
        onSuccess: (saved) => {
          const before = new Set(adSet.flags.map(flagKey));
          const raised = saved.flags.filter((f) => !before.has(flagKey(f)));
          const spent = `${formatMoney(saved.spentTotal)} of ${formatMoney(saved.totalBudget)} spent.`;
          notifications.show(
            raised.length
              ? { color: 'orange', title: `Spend recorded: ${saved.name} needs attention`, message: raised.map((f) => f.message).join(' · ') }
              : { color: 'green', title: 'Spend recorded', message: `${saved.name}: ${spent}` },
          );
          onDone();
        },
      },
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Spend of ${adSet.name}`}>
      <Stack gap="sm">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Text size="sm" c="dimmed">
          Daily budget {formatMoney(adSet.dailyBudget)} · {formatMoney(adSet.spentTotal)} of {formatMoney(adSet.totalBudget)} spent so far
        </Text>
        <NumberInput
          label="Amount spent"
          required
          min={0.01}
          max={MAX_ADSET_MONEY}
          decimalScale={2}
          thousandSeparator=","
          value={values.amount}
          error={errors.amount}
          onChange={(v) => setValues((s) => ({ ...s, amount: v === '' ? '' : Number(v) }))}
        />
        <TextInput
          label="Day"
          type="date"
          required
          description={`The brand's day (${timezone})`}
          value={values.date}
          error={errors.date}
          onChange={(e) => {
            const date = e.currentTarget.value;
            setValues((s) => ({ ...s, date }));
          }}
        />
        <Group>
          <Button type="submit" loading={record.isPending}>
            Record spend
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
