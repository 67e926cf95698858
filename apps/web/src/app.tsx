import { Center, Loader, MantineProvider, Modal, Notification, Stack, Text, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { ApiProvider } from './api/api-context';
import type { ApiClient } from './api/client';
import { AuthProvider, useAuth } from './auth/auth-context';
import { SignInPage } from './auth/sign-in.page';
import { SignUpPage } from './auth/sign-up.page';
import { ResetPasswordPage } from './auth/reset-password.page';
import { ActiveBrandProvider } from './brands/active-brand';
import { BrandDetailPage } from './brands/brand-detail.page';
import { BrandNewPage } from './brands/brand-new.page';
import { BrandsPage } from './brands/brands.page';
import { CampaignsPage } from './campaigns/campaigns.page';
import { DashboardPage } from './pages/dashboard.page';
import { AppErrorBoundary } from './shell/error-boundary';
import { Layout } from './shell/layout';

/*
 * Pages past the first screen are separate chunks (ADR 045): the initial download stays within
 * the budget however many pages the app grows, and recharts only loads with the pages that draw.
 */
const CampaignDetailPage = lazy(() => import('./campaigns/campaign-detail.page').then((m) => ({ default: m.CampaignDetailPage })));
const BrandCalendarPage = lazy(() => import('./campaigns/brand-calendar.page').then((m) => ({ default: m.BrandCalendarPage })));
const ContentPage = lazy(() => import('./content/content.page').then((m) => ({ default: m.ContentPage })));
const ContentDetailPage = lazy(() => import('./content/content-detail.page').then((m) => ({ default: m.ContentDetailPage })));
const ChannelsPage = lazy(() => import('./channels/channels.page').then((m) => ({ default: m.ChannelsPage })));
const AnalyticsPage = lazy(() => import('./analytics/analytics.page').then((m) => ({ default: m.AnalyticsPage })));
const InboxPage = lazy(() => import('./inbox/inbox.page').then((m) => ({ default: m.InboxPage })));
const AiUsagePage = lazy(() => import('./ai-usage/ai-usage.page').then((m) => ({ default: m.AiUsagePage })));
const MediaPage = lazy(() => import('./media/media.page').then((m) => ({ default: m.MediaPage })));
const WebhooksPage = lazy(() => import('./webhooks/webhooks.page').then((m) => ({ default: m.WebhooksPage })));
const InvitationsPage = lazy(() => import('./invitations/invitations.page').then((m) => ({ default: m.InvitationsPage })));
const AcceptInvitationPage = lazy(() => import('./invitations/accept-invitation.page').then((m) => ({ default: m.AcceptInvitationPage })));
const DevInboxPage = lazy(() => import('./dev-inbox/dev-inbox.page').then((m) => ({ default: m.DevInboxPage })));
const ApiAccessPage = lazy(() => import('./developers/api-access.page').then((m) => ({ default: m.ApiAccessPage })));
const NotificationsPage = lazy(() => import('./notifications/notifications.page').then((m) => ({ default: m.NotificationsPage })));

const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  // Every close button has a name, so a screen reader says what it does (and an
  // accessibility check run while a dialog is still closing finds nothing to flag).
  components: {
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
});

/** Everything a page needs around it; tests wrap pages in this with a fake API client. */
export function AppProviders({ api, queryClient, children }: { api: ApiClient; queryClient: QueryClient; children: ReactNode }) {
  return (
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={api}>
          <AppErrorBoundary>
            <AuthProvider>{children}</AuthProvider>
          </AppErrorBoundary>
        </ApiProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** Signed-out users go to sign-in and come back here afterwards (?next=). */
function RequireAuth() {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'loading') {
    return (
      <Center h="100vh">
        <Stack align="center">
          <Loader aria-label="Loading your session" />
          <Text size="sm" c="dimmed">
            Restoring your session…
          </Text>
        </Stack>
      </Center>
    );
  }
  if (status === 'signed-out') {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <ActiveBrandProvider>
      <Outlet />
    </ActiveBrandProvider>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/sign-up" element={<SignUpPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route element={<RequireAuth />}>
        <Route element={<Layout />}>
          <Route index element={<DashboardPage />} />
          <Route path="brands" element={<BrandsPage />} />
          <Route path="brands/new" element={<BrandNewPage />} />
          <Route path="brands/:brandId" element={<BrandDetailPage />} />
          <Route path="calendar" element={<BrandCalendarPage />} />
          <Route path="campaigns" element={<CampaignsPage />} />
          <Route path="campaigns/:campaignId" element={<CampaignDetailPage />} />
          <Route path="content" element={<ContentPage />} />
          <Route path="content/:contentId" element={<ContentDetailPage />} />
          <Route path="channels" element={<ChannelsPage />} />
          <Route path="media" element={<MediaPage />} />
          <Route path="webhooks" element={<WebhooksPage />} />
          <Route path="analytics" element={<AnalyticsPage />} />
          <Route path="inbox" element={<InboxPage />} />
          <Route path="ai-usage" element={<AiUsagePage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="invitations" element={<InvitationsPage />} />
          <Route path="accept-invitation" element={<AcceptInvitationPage />} />
          <Route path="dev-inbox" element={<DevInboxPage />} />
          <Route path="developers/api-access" element={<ApiAccessPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Route>
      </Route>
    </Routes>
  );
}

export function App({ api, queryClient }: { api: ApiClient; queryClient: QueryClient }) {
  return (
    <BrowserRouter>
      <AppProviders api={api} queryClient={queryClient}>
        <AppRoutes />
      </AppProviders>
    </BrowserRouter>
  );
}
