import { Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { useActiveBrand, useBrands } from './active-brand';

export function BrandsPage() {
  const { data, isLoading, error } = useBrands();
  const { active, setActive } = useActiveBrand();
  const brands = data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Brands</Title>
        <Button component={Link} to="/brands/new">
          New brand
        </Button>
      </Group>
      {isLoading ? (
        <Text c="dimmed">Loading brands…</Text>
      ) : error ? (
        <Text c="red">The brands could not be loaded: {error.message}</Text>
      ) : brands.length === 0 ? (
        <Text>You have no brand yet. A brand is the business you market: create one to start.</Text>
      ) : (
        <Table striped highlightOnHover withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Industry</Table.Th>
              <Table.Th>Your role</Table.Th>
              <Table.Th>Time zone</Table.Th>
              <Table.Th>Active</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {brands.map((b) => (
              <Table.Tr key={b.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/brands/${b.id}`}>
                    {b.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{b.industry ?? '—'}</Table.Td>
                <Table.Td>{b.role ? <Badge variant="light">{b.role}</Badge> : '—'}</Table.Td>
                <Table.Td>{b.timezone}</Table.Td>
                <Table.Td>
                  {active?.id === b.id ? (
                    <Badge color="green">Active</Badge>
                  ) : (
                    <Button size="xs" variant="default" onClick={() => setActive(b.id)} aria-label={`Make ${b.name} the active brand`}>
                      Make active
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
