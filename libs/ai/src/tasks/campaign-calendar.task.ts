import { z } from 'zod';
import { isPlatformId, PLATFORM_IDS, type PlatformId } from '../platforms';
import { BANNED_INSTRUCTION, bannedWordProblems, brandData, HH_MM, ISO_DATE, type AiTaskDefinition, type BrandContext } from './common';
import { FRAMEWORKS } from './post-generation.task';

export interface CampaignCalendarInput {
  brand: BrandContext;
  campaign: {
    name: string;
    goal: string;
    /** User-supplied. */
    brief: string;
    /** Inclusive, YYYY-MM-DD. */
    startDate: string;
    endDate: string;
    platforms: PlatformId[];
    /** Posts per week per platform; the planner picks a sensible number when omitted. */
    postsPerWeek?: number;
  };
}

export const calendarItemSchema = z.object({
  date: z.string().regex(ISO_DATE, 'date must be YYYY-MM-DD'),
  time: z.string().regex(HH_MM, 'time must be HH:mm'),
  platform: z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]]),
  pillar: z.string().min(1).max(80),
  framework: z.enum(FRAMEWORKS),
  format: z.enum(['text', 'image', 'carousel', 'video', 'thread', 'article', 'poll']),
  angle: z.string().min(5).max(300),
});

export const campaignCalendarOutputSchema = z.object({
  theme: z.string().min(3).max(200),
  items: z.array(calendarItemSchema).min(1).max(400),
});

export type CalendarItem = z.infer<typeof calendarItemSchema>;
export type CampaignCalendarOutput = z.infer<typeof campaignCalendarOutputSchema>;

export const campaignCalendarTask: AiTaskDefinition<CampaignCalendarInput, CampaignCalendarOutput> = {
  name: 'campaign-calendar',
  tier: 'strategy',
  goal: 'Plan a campaign calendar: one item per post, with date, time, platform, pillar, framework, format and angle.',
  schema: campaignCalendarOutputSchema,
  brandOf: (input) => input.brand,
  inputProblems({ campaign: c }) {
    const problems: string[] = [];
    const valid = (d: string) => ISO_DATE.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
    if (!valid(c.startDate) || !valid(c.endDate)) problems.push('campaign dates must be YYYY-MM-DD');
    else if (c.endDate < c.startDate) problems.push(`campaign ends (${c.endDate}) before it starts (${c.startDate})`);
    if (c.platforms.length === 0) problems.push('campaign has no platform');
    for (const p of c.platforms) if (!isPlatformId(p)) problems.push(`unknown platform "${String(p)}"`);
    return problems;
  },
  prompt(input) {
    const c = input.campaign;
    return {
      instructions: [
        `Every date must fall between ${c.startDate} and ${c.endDate} inclusive.`,
        `Only these platforms: ${c.platforms.join(', ')}.`,
        c.postsPerWeek ? `About ${c.postsPerWeek} posts per week per platform.` : 'Choose a sustainable frequency per platform.',
        'Spread pillars evenly; vary frameworks and formats; use times when each platform audience is active.',
        'Sort items by date then time.',
        BANNED_INSTRUCTION,
      ],
      data: { brand: brandData(input.brand), campaign: { name: c.name, goal: c.goal, brief: c.brief } },
    };
  },
  check(output, input) {
    const c = input.campaign;
    const problems: string[] = [];
    output.items.forEach((item, i) => {
      if (item.date < c.startDate || item.date > c.endDate || Number.isNaN(Date.parse(`${item.date}T00:00:00Z`))) {
        problems.push(`items[${i}].date ${item.date} is outside the campaign (${c.startDate} to ${c.endDate})`);
      }
      if (!c.platforms.includes(item.platform)) {
        problems.push(`items[${i}].platform "${item.platform}" is not one of ${c.platforms.join(', ')}`);
      }
    });
    return [...problems, ...bannedWordProblems(output, input.brand.bannedWords)];
  },
};
