import { Stack, Text, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { useActiveBrand } from './active-brand';
import { BrandForm } from './brand-form';

export function BrandNewPage() {
  const navigate = useNavigate();
  const { setActive } = useActiveBrand();
  return (
    <Stack>
      <Title order={2}>New brand</Title>
      <Text c="dimmed" size="sm">
        The agents write in this brand’s voice, for its audience, around its pillars. Everything but the name can be filled in later.
      </Text>
      <BrandForm
        onSaved={(b) => {
          setActive(b.id);
          navigate(`/brands/${b.id}`);
        }}
      />
    </Stack>
  );
}
