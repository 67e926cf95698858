import {
  AppShell,
  Avatar,
  Badge,
  Center,
  Loader,
  Burger,
  Button,
  Group,
  Menu,
  NativeSelect,
  NavLink,
  Popover,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { Link as RouterLink, NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { useActiveBrand } from '../brands/active-brand';
import { useDevInbox } from '../dev-inbox/dev-inbox-api';
import { RunningJobs, useRunningJobs } from '../jobs/running-jobs';
import { AppErrorBoundary } from './error-boundary';
import { NotificationBell } from '../notifications/notification-bell';
import { NAV, SETTINGS_NAV, type NavEntry } from './nav';
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
      w={{ base: 132, sm: 200 }}
    />
  );
}

function Activity() {
  const { data } = useRunningJobs();
  const count = data?.items.length ?? 0;
  return (
    <Popover width={340} position="bottom-end" shadow="md" withArrow>
      <Popover.Target>
        <Button
          variant="subtle"
          size="xs"
          px={6}
          aria-label={`Activity: ${count} running`}
          rightSection={
            count ? (
              <Badge size="xs" circle>
                {count}
              </Badge>
            ) : null
          }
        >
          <Text span size="xs" visibleFrom="sm">
            Activity
          </Text>
          <Text span size="sm" hiddenFrom="sm" aria-hidden="true">
            ⟳
          </Text>
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

/** Shown only where the dev inbox exists (no SMTP_URL); asked when the menu opens, not on every page. */
function DevInboxItem() {
  const inbox = useDevInbox();
  if (!inbox.data) return null;
  return (
    <Menu.Item component={RouterLink} to="/dev-inbox">
      Dev inbox
    </Menu.Item>
  );
}

const initials = (name: string) =>
  name
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');

function UserMenu() {
  const { user, signOut } = useAuth();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" px={4}>
          <Group gap={6} wrap="nowrap">
            <Avatar size={28} radius="xl" color="indigo" aria-hidden="true">
              {initials(user?.name ?? user?.email ?? '?')}
            </Avatar>
            <Text size="sm" visibleFrom="md" style={{ whiteSpace: 'nowrap' }}>
              {user?.name ?? user?.email}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user?.name ? `${user.name} · ` : ''}
          {user?.email}
        </Menu.Label>
        <Menu.Item component={RouterLink} to="/invitations">
          Invitations
        </Menu.Item>
        <DevInboxItem />
        <Menu.Item onClick={() => void signOut()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function MenuLink({ entry, onClick }: { entry: NavEntry; onClick(): void }) {
  const location = useLocation();
  return (
    <NavLink
      component={RouterNavLink}
      to={entry.to}
      end={entry.to === '/'}
      label={entry.label}
      active={entry.to === '/' ? location.pathname === '/' : location.pathname.startsWith(entry.to)}
      onClick={onClick}
    />
  );
}

/** Header (brand switcher, activity, account), navigation, and the page with its error boundary. */
export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  // A new page opens at its heading, not at the scroll position of the page before.
  useEffect(() => {
    window.scrollTo?.({ top: 0 });
  }, [location.pathname]);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding={{ base: 'sm', sm: 'lg' }}>
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4" style={{ whiteSpace: 'nowrap' }}>
              <Text span inherit visibleFrom="sm">
                Marketing Team
              </Text>
              <Text span inherit hiddenFrom="sm" title="Marketing Team">
                MT
              </Text>
            </Title>
          </Group>
          <Group gap={4} wrap="nowrap">
            <BrandSwitcher />
            <NotificationBell />
            <Activity />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
        {NAV.map((n) => (
          <MenuLink key={n.to} entry={n} onClick={close} />
        ))}
        {SETTINGS_NAV.map((g) => (
          <div key={g.group}>
            <Text size="xs" c="dimmed" fw={600} tt="uppercase" mt="md" mb={2} px="sm">
              {g.group}
            </Text>
            {g.entries.map((n) => (
              <MenuLink key={n.to} entry={n} onClick={close} />
            ))}
          </div>
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
