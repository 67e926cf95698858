import { api } from './http';

/**
 * Makes someone a member the way people join (ADR 115): the owner invites their address, and they
 * accept in the app, signed in. Answers the accept response (200 {brandId, brandName, role}).
 */
export async function joinBrand(
  base: string,
  ownerToken: string,
  brandId: string,
  invitee: { email: string; token: string },
  role: 'owner' | 'editor' | 'viewer',
): Promise<{ status: number; body: any }> {
  const invited = await api(base, 'POST', `/api/v1/brands/${brandId}/invitations`, { token: ownerToken, body: { email: invitee.email, role } });
  if (invited.status !== 201) throw new Error(`inviting ${invitee.email} answered ${invited.status}: ${JSON.stringify(invited.body)}`);
  const accepted = await api(base, 'POST', `/api/v1/invitations/${invited.body.id}/accept`, { token: invitee.token });
  if (accepted.status !== 200) throw new Error(`accepting as ${invitee.email} answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  return accepted;
}
