import { AppShell, Badge, Center, Loader, Burger, Button, Group, Menu, NativeSelect, NavLink, Popover, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { useActiveBrand } from '../brands/active-brand';
import { RunningJobs, useRunningJobs } from '../jobs/running-jobs';
import { AppErrorBoundary } from './error-boundary';
import { NotificationBell } from '../notifications/notification-bell';
import { NAV } from './nav';
import { RateLimitNotice } from './rate-limit-notice';

function BrandSwitcher() {
  const { brands, active, setActive, loading } = useActiveBrand();
  const navigate = useNavigate();
  if (loading) return null;
  if (!brands.length) {
    return (
      <Button size="xs" variant="light" onClick={() => navigate('/brands/new')}>
        Create your first brand
      </Button>
    );
  }
  return (
    <NativeSelect
      aria-label="Active brand"
      size="xs"
      value={active?.id ?? ''}
      onChange={(e) => setActive(e.currentTarget.value)}
      data={brands.map((b) => ({ value: b.id, label: b.name }))}
      w={200}
    />
  );
}

function Activity() {
  const { data } = useRunningJobs();
  const count = data?.items.length ?? 0;
  return (
    <Popover width={340} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <Button variant="subtle" size="xs" aria-label={`Activity: ${count} running`} rightSection={count ? <Badge size="xs" circle>{count}</Badge> : null}>
          Activity
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Text fw={600} size="sm" mb="xs">
          AI work in progress
        </Text>
        <RunningJobs />
      </Popover.Dropdown>
    </Popover>
  );
}

function UserMenu() {
  const { user, signOut } = useAuth();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" px="xs">
          <Text size="sm">{user?.name ?? user?.email}</Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user?.email}</Menu.Label>
        <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Header (brand switcher, activity, account), navigation, and the page with its error boundary. */
export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              Marketing Team
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <BrandSwitcher />
            <NotificationBell />
            <Activity />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
        {NAV.map((n) => (
          <NavLink
            key={n.to}
            component={RouterNavLink}
            to={n.to}
            end={n.to === '/'}
            label={n.label}
            active={n.to === '/' ? location.pathname === '/' : location.pathname.startsWith(n.to)}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <RateLimitNotice />
        <AppErrorBoundary resetKey={location.pathname}>
          <Suspense
            fallback={
              <Center py="xl">
                <Loader aria-label="Loading the page" />
              </Center>
            }
          >
            <Outlet />
          </Suspense>
        </AppErrorBoundary>
      </AppShell.Main>
    </AppShell>
  );
}
