import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import {
  type Actor,
  CalendarQueryShape,
  CAMPAIGN_EVENTS,
  type CalendarEntry,
  type CalendarPage,
  MeshError,
  MoveEntryShape,
  type MoveEntryPayload,
  UnitOfWork,
} from '@mt/messages';
import { safeTimeZone, toLocal, toUtc } from '@mt/runtime';
import { BrandProfileService } from '@mt/replicas';
import { CalendarEntryRepository } from '../repositories/calendar-entry.repository';
import { CampaignRepository } from '../repositories/campaign.repository';
import { CampaignAccessService } from './campaign-access.service';
import { toCalendarEntry } from './calendar-view';

const entryNotFound = () => new MeshError('NOT_FOUND', 'No such calendar entry', { status: 404, retryable: false });
const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field}: ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });

/** A field by the shape the gateway checks it with (ADR 198): its first error as a 400 problem. */
function checkShape(shape: z.ZodType, field: string, value: unknown): void {
  const parsed = shape.safeParse(value);
  if (!parsed.success) throw invalid(field, parsed.error.issues[0].message);
}

/** Reading a campaign's calendar and moving its entries. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly entries: CalendarEntryRepository,
    private readonly campaigns: CampaignRepository,
    private readonly access: CampaignAccessService,
    private readonly profiles: BrandProfileService,
    private readonly uow: UnitOfWork,
  ) {}

  async calendar(actor: Actor, campaignId: string, range: { from?: string; to?: string }): Promise<CalendarPage> {
    checkShape(CalendarQueryShape.shape.from, 'from', range.from);
    checkShape(CalendarQueryShape.shape.to, 'to', range.to);
    await this.access.load(actor, campaignId, 'viewer');
    const rows = await this.entries.listByCampaign(campaignId, range);
    return { items: rows.map(toCalendarEntry), nextCursor: null };
  }

  /**
   * Moves an entry to another local day (and time, if given) inside the campaign's dates; the UTC
   * instant is recomputed in the brand's time zone as it is now. Published entries stay put.
   */
  async move(p: MoveEntryPayload): Promise<CalendarEntry> {
    checkShape(MoveEntryShape.shape.date, 'date', p.date);
    checkShape(MoveEntryShape.shape.time, 'time', p.time);
    const found = await this.entries.findById(p.entryId);
    if (!found) throw entryNotFound();
    try {
      await this.access.load(p.actor, found.campaignId, 'editor');
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw entryNotFound();
      throw err;
    }
    const profile = await this.profiles.get(found.brandId);
    const timezone = safeTimeZone(profile.brand.timezone);
    return this.uow.transaction(async () => {
      const entry = await this.entries.findForUpdate(p.entryId);
      const campaign = entry && (await this.campaigns.findLive(entry.campaignId));
      if (!entry || !campaign) throw entryNotFound();
      if (p.date < campaign.startDate || p.date > campaign.endDate) {
        throw new MeshError('ENTRY_OUTSIDE_CAMPAIGN', `${p.date} is outside the campaign (${campaign.startDate} to ${campaign.endDate})`, {
          status: 422,
          retryable: false,
          details: { errors: [{ field: 'date', message: `must be between ${campaign.startDate} and ${campaign.endDate}` }] },
        });
      }
      if (entry.status === 'published') {
        throw new MeshError('ENTRY_ALREADY_PUBLISHED', 'A published entry cannot move', { status: 409, retryable: false });
      }
      const previous = { date: entry.date, time: entry.time, scheduledAt: entry.scheduledAt.toISOString() };
      const at = toUtc({ date: p.date, time: p.time ?? entry.time }, timezone);
      const local = toLocal(at, timezone);
      Object.assign(entry, { date: local.date, time: local.time, timezone, scheduledAt: at });
      const moved = toCalendarEntry(await this.entries.save(entry));
      this.uow.publishEvent(CAMPAIGN_EVENTS.entryMoved, { entry: moved, previous, by: p.actor.userId });
      return moved;
    });
  }
}
