import { Anchor, Card, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** A next step an empty page offers: a route (`/channels`) or a form on the same page (`#new-campaign`). */
export interface NextStep {
  label: string;
  to: string;
}

/**
 * What an empty list says: what is missing, and a link to each thing that fills it. A link to a
 * form on the same page moves focus to it, so the next key press types into the form.
 */
export function EmptyState({ title, children, steps, label }: { title: string; children?: ReactNode; steps: NextStep[]; label?: string }) {
  return (
    <Card withBorder padding="md" role="region" aria-label={label ?? title} data-testid="empty-state">
      <Text fw={600}>{title}</Text>
      {children && (
        <Text size="sm" c="dimmed" mt={2}>
          {children}
        </Text>
      )}
      {steps.length > 0 && (
        <Group gap="md" mt="xs">
          {steps.map((s) =>
            s.to.startsWith('#') ? (
              <Anchor
                key={s.to}
                href={s.to}
                size="sm"
                fw={600}
                onClick={(e) => {
                  const target = document.getElementById(s.to.slice(1));
                  if (!target) return;
                  e.preventDefault();
                  target.scrollIntoView({ behavior: 'smooth', block: 'start' });
                  (target.querySelector<HTMLElement>('input, textarea, select, button') ?? target).focus();
                }}
              >
                {s.label} <span aria-hidden="true">→</span>
              </Anchor>
            ) : (
              <Anchor key={s.to} component={Link} to={s.to} size="sm" fw={600}>
                {s.label} <span aria-hidden="true">→</span>
              </Anchor>
            ),
          )}
        </Group>
      )}
    </Card>
  );
}
