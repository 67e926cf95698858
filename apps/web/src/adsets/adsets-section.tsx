import { Badge, Button, Card, Group, Modal, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useId, useState } from 'react';
import type { AdSet, AdSetStatus, Campaign } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { platformLabel, statusColor } from '../lib/labels';
import { QueryState } from '../shell/query-state';
import { BudgetsForm, CreateAdSetForm } from './adset-form';
import { formatMoney, Pacing, SpendBar } from './adset-pacing';
import { STATUS_ACTIONS, statusActionOf, useAdSets, useStatusChanges } from './adsets-api';
import { SpendForm } from './spend-form';

type Dialog = { kind: 'create' } | { kind: 'budgets'; adSet: AdSet } | { kind: 'spend'; adSet: AdSet };

const adSetStatusColor = (s: AdSetStatus) => (s === 'paused' ? 'yellow' : statusColor(s));

function AdSetRow({ adSet, campaign, canEdit, onOpen }: { adSet: AdSet; campaign: Campaign; canEdit: boolean; onOpen(d: Dialog): void }) {
  const changes = useStatusChanges(campaign.id);
  const action = statusActionOf(adSet.status);
  const changing = Object.values(changes).some((m) => m.isPending && m.variables?.id === adSet.id);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {adSet.name}
        </Text>
        <Text size="xs" c="dimmed">
          {platformLabel(adSet.platform)} · {adSet.startDate ?? campaign.startDate} → {adSet.endDate ?? campaign.endDate}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge variant="light" color={adSetStatusColor(adSet.status)}>
          {adSet.status}
        </Badge>
      </Table.Td>
      <Table.Td ta="right">{formatMoney(adSet.dailyBudget)}</Table.Td>
      <Table.Td ta="right">{formatMoney(adSet.totalBudget)}</Table.Td>
      <Table.Td>
        <SpendBar adSet={adSet} />
      </Table.Td>
      <Table.Td>
        <Pacing adSet={adSet} />
      </Table.Td>
      {canEdit && (
        <Table.Td>
          {adSet.status !== 'completed' && (
            <Group gap={4} justify="flex-end" wrap="nowrap">
              {action && (
                <Button
                  size="xs"
                  variant="light"
                  color={action === 'pause' ? 'yellow' : 'green'}
                  disabled={changing}
                  onClick={() => changes[action].mutate(adSet)}
                  aria-label={`${STATUS_ACTIONS[action].label} ${adSet.name}`}
                >
                  {STATUS_ACTIONS[action].label}
                </Button>
              )}
              <Button size="xs" variant="subtle" onClick={() => onOpen({ kind: 'budgets', adSet })} aria-label={`Edit budgets of ${adSet.name}`}>
                Edit budgets
              </Button>
              <Button size="xs" variant="subtle" onClick={() => onOpen({ kind: 'spend', adSet })} aria-label={`Record spend for ${adSet.name}`}>
                Record spend
              </Button>
            </Group>
          )}
        </Table.Td>
      )}
    </Table.Tr>
  );
}

/**
 * The campaign's ad sets: budgets, spend against the total budget and pacing. Editors and owners
 * create them, change budgets, activate, pause and resume them and record spend; viewers read.
 */
export function AdSetsSection({ campaign, canEdit }: { campaign: Campaign; canEdit: boolean }) {
  const headingId = useId();
  const { brands } = useActiveBrand();
  const timezone = brands.find((b) => b.id === campaign.brandId)?.timezone ?? 'UTC';
  const adSets = useAdSets(campaign.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  const items = adSets.data ?? [];
  const totals = items.reduce((t, a) => ({ budget: t.budget + a.totalBudget, spent: t.spent + a.spentTotal }), { budget: 0, spent: 0 });
  // The dialog works on the list's current copy, so a refetch while it is open is not lost.
  const current = dialog && dialog.kind !== 'create' ? (items.find((a) => a.id === dialog.adSet.id) ?? dialog.adSet) : null;

  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs">
        <div>
          <Title order={3} size="h4" id={headingId}>
            Ad sets
          </Title>
          {items.length > 0 && (
            <Text size="sm" c="dimmed">
              {formatMoney(totals.spent)} spent of {formatMoney(totals.budget)} across {items.length} {items.length === 1 ? 'ad set' : 'ad sets'}
            </Text>
          )}
        </div>
        {canEdit && <Button onClick={() => setDialog({ kind: 'create' })}>New ad set</Button>}
      </Group>
      {adSets.error || adSets.isLoading ? (
        <QueryState error={adSets.error} isLoading={adSets.isLoading} what="ad sets" />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No ad set yet{canEdit ? ': “New ad set” gives the campaign a paid budget on a platform.' : '.'}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table verticalSpacing="sm" aria-labelledby={headingId}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Ad set</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th ta="right">Daily budget</Table.Th>
                <Table.Th ta="right">Total budget</Table.Th>
                <Table.Th>Spent</Table.Th>
                <Table.Th>Pacing</Table.Th>
                {canEdit && (
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <AdSetRow key={a.id} adSet={a} campaign={campaign} canEdit={canEdit} onOpen={setDialog} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={!!dialog}
        onClose={close}
        closeButtonProps={{ 'aria-label': 'Close' }}
        title={dialog?.kind === 'create' ? 'New ad set' : current ? `${dialog?.kind === 'budgets' ? 'Budgets of' : 'Record spend for'} ${current.name}` : ''}
      >
        <Stack>
          {dialog?.kind === 'create' && <CreateAdSetForm campaign={campaign} onDone={close} />}
          {dialog?.kind === 'budgets' && current && <BudgetsForm campaignId={campaign.id} adSet={current} onDone={close} />}
          {dialog?.kind === 'spend' && current && <SpendForm campaignId={campaign.id} adSet={current} timezone={timezone} onDone={close} />}
        </Stack>
      </Modal>
    </Card>
  );
}
