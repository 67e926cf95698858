import fc from 'fast-check';
import indefinite from 'indefinite';
import { PLATFORM_IDS, PLATFORMS, platformLength, renderPost, type PlatformId } from '../platforms';
import { findBannedWords, type BrandContext, type VoiceStyle } from '../tasks/common';
import { hashtagWords, type PostGenerationInput, type PostGenerationOutput } from '../tasks/post-generation.task';
import { textStats } from '../local/keywords';
import { pronounCounts } from '../local/person';

/**
 * Copy quality as a marketer judges it, measured: generated brands and briefs (with the concrete
 * facts each brief carries) and a checker listing every way a piece of copy could not be posted.
 * Shared by the copy-quality spec and `npm run bench:ai` (copyIssuesPer1000).
 */

export interface CopyCase {
  input: PostGenerationInput;
  /** Concrete facts of the brief, as written there: each must reach at least one variant. */
  facts: string[];
}

export type CopyIssueKind = 'label' | 'cut' | 'fact' | 'emoji' | 'banned' | 'length' | 'repeat' | 'hashtag' | 'readability' | 'person' | 'article' | 'doubled';
export interface CopyIssue {
  kind: CopyIssueKind;
  detail: string;
}

/** Words per sentence a voice's reading level allows, on average over a post. */
export const READING_RANGE: Readonly<Record<VoiceStyle['readingLevel'], readonly [number, number]>> = {
  simple: [3, 16],
  standard: [3, 22],
  expert: [3, 28],
};

// Planner labels and slot names: the calendar's angle labels, the entry brief's fields, template slots.
const LABELS =
  /\b(?:Campaign goal|Practical tip|Common mistake|Myth versus fact|Question to the audience|Announcement and reminder|Launch post|Format:|Hook:|CTA:|Pillar:|Topic:|Audience:|Brief:)|\{|\}|\bundefined\b|\bnull\b|\bNaN\b|\[object|✦/;
const ELLIPSIS = /…|\.\.\./g;
const EMOJI = /\p{Extended_Pictographic}/u;
const URL = /https?:\/\/\S+/g;

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Sentences of a post body, normalised, with at least three words: the unit variants must not share. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.replace(/^#+\s*/, '').trim())
    .filter((s) => s.split(/\s+/).length >= 3)
    .map((s) =>
      s
        .toLowerCase()
        .replace(/[^\p{L}\p{N} ]+/gu, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
}

// "a"/"an" and the word after it (numbers and times included: "an 8am class", "an 18:30 start").
const ARTICLE = /(?<![\p{L}\p{N}'’./-])(a|an)\s+([\p{L}\p{N}][\p{L}\p{N}'’:-]*)/giu;

/**
 * Indefinite articles that do not fit the sound of the next word ("a espresso", "an user"): the
 * `indefinite` package knows the exceptions (an hour, a university, a one-off, an MBA, an 8am).
 * A capital "A" inside a sentence is a letter, not an article ("grade A", "Plan A").
 */
export function articleErrors(text: string): string[] {
  const errors: string[] = [];
  for (const m of text.replace(URL, ' ').matchAll(ARTICLE)) {
    const [whole, article, word] = m;
    const before = text.replace(URL, ' ').slice(0, m.index).trimEnd();
    if (article === 'A' && before !== '' && !/[.!?:\n"“(—–-]$/.test(before)) continue;
    const wanted = indefinite(word.replace(/[’':-]+$/, ''), { articleOnly: true });
    if (wanted.toLowerCase() !== article.toLowerCase()) errors.push(whole);
  }
  return errors;
}

/** The same word twice in a row within a line ("the the", "for for"); a heading may end with the word its paragraph opens with. */
export function doubledWords(text: string): string[] {
  return [...text.replace(URL, ' ').matchAll(/(?<![\p{L}\p{N}'’-])(\p{L}+)[^\S\n]+\1(?![\p{L}\p{N}'’-])/giu)].map((m) => m[0]);
}

/** What a brand's voice says about emoji: its profile if it has one, else what its samples do. */
export function emojiPolicyOf(brand: BrandContext): VoiceStyle['emojiPolicy'] {
  if (brand.voice) return brand.voice.emojiPolicy;
  return (brand.samples ?? []).some((s) => EMOJI.test(s)) ? 'sparing' : 'none';
}

/** Hashtags a piece may use: any run of one to three words of the brand's and campaign's vocabulary. */
export function allowedHashtags(input: PostGenerationInput): Set<string> {
  const b = input.brand;
  const sources = [b.name, b.industry ?? '', ...b.pillars, ...(b.keywords ?? []), input.pillar ?? '', input.campaignName ?? '', input.brief];
  const allowed = new Set<string>();
  for (const source of sources) {
    const words = source
      .replace(URL, ' ')
      .split(/[^\p{L}\p{M}\p{N}'’-]+/u)
      .filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      for (let n = 1; n <= 3 && i + n <= words.length; n++) allowed.add(norm(words.slice(i, i + n).join('')));
    }
  }
  return allowed;
}

/** Every issue of one piece (all its variants). */
export function copyIssues(c: CopyCase, out: PostGenerationOutput): CopyIssue[] {
  const { input } = c;
  const rules = PLATFORMS[input.platform];
  const issues: CopyIssue[] = [];
  const add = (kind: CopyIssueKind, v: string, detail: string) => issues.push({ kind, detail: `${v}: ${detail}` });
  const briefEllipses = (input.brief.match(ELLIPSIS) ?? []).length;
  const allowed = allowedHashtags(input);
  const noEmoji = emojiPolicyOf(input.brand) === 'none';
  const level = input.brand.voice?.readingLevel ?? 'standard';
  const [minWords, maxWords] = READING_RANGE[level];
  const person = input.brand.voice?.person ?? 'first';
  const briefPronouns = pronounCounts(input.brief);
  const seen = new Map<string, string>();
  for (const v of out.variants) {
    const visible = [v.text, v.hook, v.cta].join('\n');
    const label = visible.match(LABELS);
    if (label) add('label', v.id, `"${label[0]}" in ${JSON.stringify(v.text.slice(0, 160))}`);
    if ((v.text.match(ELLIPSIS) ?? []).length > briefEllipses) add('cut', v.id, JSON.stringify(v.text.slice(0, 200)));
    if (noEmoji && EMOJI.test(visible)) add('emoji', v.id, JSON.stringify(v.text.slice(0, 120)));
    // The brief is the user's words (it may say "we"): a variant may carry its pronouns, and no more.
    if (person !== 'first') {
      const said = pronounCounts(visible);
      const extra = { first: said.first - briefPronouns.first, second: person === 'third' ? said.second - briefPronouns.second : 0 };
      if (extra.first > 0 || extra.second > 0) add('person', v.id, `${person} person, yet ${JSON.stringify(v.text.slice(0, 160))}`);
    }
    for (const wrong of articleErrors(visible)) add('article', v.id, `"${wrong}" in ${JSON.stringify(v.text.slice(0, 160))}`);
    for (const twice of doubledWords(visible)) add('doubled', v.id, `"${twice}" in ${JSON.stringify(v.text.slice(0, 160))}`);
    const banned = findBannedWords([visible, ...v.hashtags.map(hashtagWords)].join('\n'), input.brand.bannedWords);
    if (banned.length) add('banned', v.id, banned.join(', '));
    const len = platformLength(input.platform, renderPost(v.text, v.hashtags));
    if (len > rules.maxLength) add('length', v.id, `${len} > ${rules.maxLength}`);
    if (v.hashtags.length < rules.hashtags.min || v.hashtags.length > rules.hashtags.max)
      add('length', v.id, `${v.hashtags.length} hashtags on ${rules.label}`);
    for (const tag of v.hashtags) if (!allowed.has(norm(tag))) add('hashtag', v.id, tag);
    for (const s of new Set(sentencesOf(v.text))) {
      const other = seen.get(s);
      if (other && other !== v.id) add('repeat', v.id, `"${s}" also in ${other}`);
      else seen.set(s, v.id);
    }
    const prose = v.text
      .replace(URL, '')
      .split('\n')
      .filter((l) => !/^#/.test(l))
      .join('\n');
    const stats = textStats(prose);
    const avg = stats.sentences ? stats.words / stats.sentences : 0;
    if (avg < minWords || avg > maxWords) add('readability', v.id, `${avg.toFixed(1)} words per sentence, ${level} wants ${minWords}–${maxWords}`);
  }
  const all = out.variants.map((v) => v.text.toLowerCase()).join('\n');
  for (const fact of c.facts)
    if (!all.includes(fact.toLowerCase())) issues.push({ kind: 'fact', detail: `"${fact}" missing from ${JSON.stringify(input.brief)}` });
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Generated brands and briefs

interface Archetype {
  industry: string;
  names: string[];
  description: (place: string) => string;
  audiences: string[];
  pillars: string[];
  products: string[];
  events: string[];
  people: string[];
  /** What a learned voice prefers, lifted from samples: never a pillar, product or brief word, so never a hashtag. */
  voiceWords: string[];
}

const ARCHETYPES: Archetype[] = [
  {
    industry: 'Coffee',
    voiceWords: ['peach tea', 'water', 'grinder'],
    names: ['Kiln Coffee', 'Northbeam Coffee', 'Bramble Roasters', 'Halfmoon Coffee', 'Copperpot Roastery'],
    description: (p) => `A specialty coffee roastery in ${p}. We roast small batches every week and sell beans, subscriptions and brewing kit.`,
    audiences: [
      'home-brewing coffee enthusiasts aged 25–45 with a pour-over or espresso setup',
      'Remote workers, small design studios and home baristas in the UK',
    ],
    pillars: ['Brewing guides', 'Direct trade', 'Roastery news'],
    products: ['single-origin subscription', 'espresso blend', 'pour-over kit'],
    events: ['cupping session', 'latte art workshop', 'brewing class'],
    people: ['Maya Patel', 'Tom Okafor'],
  },
  {
    industry: 'Cycling',
    voiceWords: ['mudguards', 'chain oil', 'headwind'],
    names: ['Spoke & Chain', 'Gearhouse Bikes', 'Trailhead Bikes', 'Cadence Cycle Works', 'Loop Bike Workshop'],
    description: (p) => `An independent bike workshop in ${p}: repairs, servicing and e-bike rentals for people who ride every day.`,
    audiences: ['daily commuters who ride to work in all weathers', 'weekend riders and families new to gravel'],
    pillars: ['Maintenance tips', 'Ride reports', 'Workshop life'],
    products: ['e-bike rentals', 'full service', 'puncture repair'],
    events: ['maintenance workshop', 'group ride', 'bike fitting evening'],
    people: ['Ana Ruiz', 'Sam Green'],
  },
  {
    industry: 'Bakery',
    voiceWords: ['butter', 'crust', 'proofing basket'],
    names: ['Crumb & Co', 'Rise Bakehouse', 'Oven Door Bakery', 'Sourdough Lane', 'Golden Crust'],
    description: (p) => `A neighbourhood bakery in ${p} baking sourdough, pastries and celebration cakes from scratch every morning.`,
    audiences: ['local families who buy fresh bread every weekend', 'cafe owners looking for a wholesale bakery'],
    pillars: ['Baking tips', 'Seasonal bakes', 'Behind the counter'],
    products: ['sourdough loaf', 'cinnamon buns', 'celebration cakes'],
    events: ['sourdough class', 'open bakehouse morning', 'pastry masterclass'],
    people: ['Lucia Bianchi', 'Jon Price'],
  },
  {
    industry: 'Books',
    voiceWords: ['paperbacks', 'bookmarks', 'rainy afternoon'],
    names: ['Inkwell Books', 'The Reading Room', 'Margin Notes', 'Chapter House', 'Paperweight Books'],
    description: (p) => `An independent bookshop in ${p} with a children's corner, a reading group and a small cafe.`,
    audiences: ['book lovers who want recommendations from real people', 'parents looking for books their children will finish'],
    pillars: ['Book recommendations', 'Author events', 'Reading life'],
    products: ['book subscription box', 'gift cards', 'signed editions'],
    events: ['author talk', 'book club evening', 'story time'],
    people: ['Priya Shah', 'Owen Hughes'],
  },
  {
    industry: 'Fitness',
    voiceWords: ['breath', 'hamstrings', 'yoga mat'],
    names: ['Still Point Yoga', 'Flow House', 'Lotus Room', 'Breathe Studio', 'Stretch Collective'],
    description: (p) => `A yoga studio in ${p} offering small classes, beginner courses and private sessions.`,
    audiences: ['busy professionals who want to start yoga without pressure', 'runners looking to improve mobility'],
    pillars: ['Beginner guidance', 'Mindful movement', 'Studio community'],
    products: ['beginner course', 'class pass', 'private session'],
    events: ['beginner workshop', 'sunrise class', 'breathwork evening'],
    people: ['Hana Ito', 'Leo Martin'],
  },
  {
    industry: 'Design',
    voiceWords: ['typography', 'whitespace', 'kerning'],
    names: ['Lumen Studio', 'Fieldwork Design', 'Parallel Studio', 'Blueline Studio', 'North Arrow Design'],
    description: (p) => `An independent design studio in ${p} building brand identities and websites for climate startups.`,
    audiences: ['founders of early-stage climate startups', 'marketing leads at small sustainable brands'],
    pillars: ['Case studies', 'Design process', 'Climate tech'],
    products: ['brand identity package', 'website sprint', 'design audit'],
    events: ['portfolio review', 'design sprint demo', 'founder breakfast'],
    people: ['Eva Novak', 'Kofi Mensah'],
  },
  {
    industry: 'Beer',
    voiceWords: ['hops', 'foam', 'citrus notes'],
    names: ['Hopline Brewery', 'Barrel & Vine', 'Wild Yeast Brewing', 'Tidewater Brewing', 'Old Mill Brewery'],
    description: (p) => `A small craft brewery in ${p} with a taproom, brewing pale ales, stouts and seasonal specials.`,
    audiences: ['craft beer drinkers who like trying new styles', 'pub owners looking for local beer'],
    pillars: ['Brewing process', 'Taproom events', 'Seasonal releases'],
    products: ['mixed case', 'hazy pale ale', 'taproom tour'],
    events: ['tap takeover', 'brewery tour', 'tasting night'],
    people: ['Rosa Diaz', 'Ian Walsh'],
  },
  {
    industry: 'Plants',
    voiceWords: ['sunlight', 'drainage', 'leaf shine'],
    names: ['Fern & Fig', 'Greenroom Plants', 'Leaf Theory', 'Potting Shed', 'Canopy Plant Shop'],
    description: (p) => `A plant shop in ${p} selling houseplants, pots and care advice for small flats.`,
    audiences: ['first-time plant owners living in small flats', 'office managers who want greener workspaces'],
    pillars: ['Plant care', 'New arrivals', 'Green spaces'],
    products: ['plant care kit', 'monstera', 'office plant subscription'],
    events: ['repotting workshop', 'plant swap', 'terrarium class'],
    people: ['Nina Berg', 'Ravi Kumar'],
  },
  {
    industry: 'Accounting',
    voiceWords: ['receipts', 'spreadsheet', 'peace of mind'],
    names: ['Ledger Lane', 'Clearbooks Partners', 'Tally & Co', 'Northstar Accounts', 'Brightside Tax'],
    description: (p) => `An accounting firm in ${p} that helps freelancers and small businesses with bookkeeping and tax returns.`,
    audiences: ['freelancers who file their own tax return', 'small business owners with up to ten staff'],
    pillars: ['Tax deadlines', 'Bookkeeping basics', 'Client stories'],
    products: ['tax return service', 'bookkeeping plan', 'payroll service'],
    events: ['tax clinic', 'bookkeeping webinar', 'year-end Q&A'],
    people: ['Grace Lee', 'Ahmed Khan'],
  },
  {
    industry: 'Pets',
    voiceWords: ['shampoo', 'treats', 'wagging tails'],
    names: ['Wag & Wash', 'Paws Parlour', 'Happy Tails Grooming', 'Fur & Feather', 'The Dog House'],
    description: (p) => `A dog grooming salon in ${p}: baths, trims and nail care by groomers who love dogs.`,
    audiences: ['dog owners who want a calm, gentle groom', 'owners of anxious rescue dogs'],
    pillars: ['Grooming tips', 'Happy customers', 'Salon news'],
    products: ['full groom', 'puppy introduction', 'nail trim'],
    events: ['puppy open day', 'grooming demo', 'charity dog wash'],
    people: ['Ella Moore', 'Dan Fox'],
  },
  {
    industry: 'Climbing',
    voiceWords: ['crimps', 'forearms', 'slopers'],
    names: ['Crux Climbing', 'Boulder Barn', 'High Point Walls', 'Chalk Up Gym', 'Overhang Climbing'],
    description: (p) => `An indoor climbing and bouldering gym in ${p} with coaching for every level.`,
    audiences: ['beginners curious about bouldering', 'experienced climbers training for outdoor trips'],
    pillars: ['Route setting', 'Coaching tips', 'Climbing community'],
    products: ['beginner induction', 'monthly membership', 'coaching course'],
    events: ['route reset night', 'bouldering competition', 'intro session'],
    people: ['Zoe Clark', 'Marek Nowak'],
  },
  {
    industry: 'Ceramics',
    voiceWords: ['stoneware', 'speckles', 'wet clay'],
    names: ['Kiln Room', 'Clay Street Studio', 'Glaze & Fire', 'Wheelhouse Pottery', 'Earthenware Co'],
    description: (p) => `A ceramics studio in ${p} making tableware and teaching wheel-throwing classes.`,
    audiences: ['adults looking for a creative hobby', 'restaurants wanting handmade tableware'],
    pillars: ['Studio process', 'Classes', 'New collections'],
    products: ['wheel-throwing course', 'dinner plate set', 'gift voucher'],
    events: ['taster class', 'studio sale', 'glazing workshop'],
    people: ['Ines Costa', 'Ben Archer'],
  },
];

const PLACES = [
  'Gloucester Road',
  'Leeds',
  'Stokes Croft',
  'Hackney Wick',
  'the Northern Quarter',
  'Kelham Island',
  'Bristol',
  'Glasgow',
  'Brighton',
  'Cardiff',
];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['March', 'April', 'May', 'June', 'September', 'October', 'November'];
const TIMES = ['10am', '9:30am', '6pm', '7pm', '18:30', '11am', '2pm'];
const TONES = [['warm', 'expert'], ['playful', 'warm'], ['calm', 'expert'], ['bold', 'confident'], ['friendly'], ['professional', 'precise']];
const BANNED = [['cheap', 'guarantee'], ['synergy'], ['world-class', 'disrupt'], ['hack'], ['cheap'], []];
const CALENDAR_ANGLES = [
  (t: string, p: string) => `Practical tip: one ${p} habit that makes ${t} easier`,
  (t: string, _p: string, a: string) => `Common mistake ${a} make with ${t}, and the fix`,
  (_t: string, p: string) => `Behind the scenes: how we approach ${p}`,
  (t: string) => `Question to the audience about their experience with ${t}`,
  (t: string, p: string) => `Myth versus fact on ${p} and ${t}`,
  (t: string) => `Announcement and reminder of the campaign's offer around ${t}`,
];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
const PERSONS = ['first', 'second', 'third'] as const;

/** A brand with its learned voice (or samples only), from one archetype. */
function brandArb(a: Archetype, nameIndex: number): fc.Arbitrary<BrandContext> {
  return fc
    .record({
      place: pick(PLACES),
      audience: pick(a.audiences),
      tone: pick(TONES),
      banned: pick(BANNED),
      voice: fc.option(
        fc.record({
          emojiPolicy: fc.constantFrom('none' as const, 'none' as const, 'sparing' as const, 'frequent' as const),
          readingLevel: fc.constantFrom('simple' as const, 'standard' as const, 'expert' as const),
          averageSentenceWords: fc.integer({ min: 8, max: 22 }),
        }),
        { nil: undefined, freq: 4 },
      ),
      emojiSamples: fc.boolean(),
    })
    .map(({ place, audience, tone, banned, voice, emojiSamples }) => ({
      name: a.names[nameIndex],
      description: a.description(place),
      audience,
      tone,
      pillars: a.pillars,
      keywords: a.products,
      bannedWords: banned,
      samples: [
        `Fresh from ${place}: our ${a.products[0]} is back this week.${emojiSamples ? ' ☕' : ''}`,
        `We asked ${a.people[0]} what makes a good ${a.events[0]}. The answer surprised us.`,
        ...(voice ? [`It comes down to ${a.voiceWords.join(', ')}.`] : []),
      ],
      industry: a.industry,
      // The person follows from the drawn sentence length, so adding it leaves the seeded draws as they were.
      ...(voice ? { voice: { ...voice, person: PERSONS[voice.averageSentenceWords % PERSONS.length] } } : {}),
      // A learned voice prefers words from its samples (as aiBrandContext hands them over): for wording,
      // outside the hashtag vocabulary, so a hashtag made from one counts as an issue.
      ...(voice ? { preferredWords: a.voiceWords } : {}),
    }));
}

/** A brief with the concrete facts it carries. */
function briefArb(a: Archetype): fc.Arbitrary<{ brief: string; facts: string[]; pillar?: string; link?: string; campaignName?: string }> {
  const day = pick(WEEKDAYS);
  const time = pick(TIMES);
  const places = fc.integer({ min: 4, max: 30 });
  const price = fc.integer({ min: 5, max: 95 }).map((n) => `£${n}`);
  const date = fc.tuple(fc.integer({ min: 1, max: 28 }), pick(MONTHS)).map(([d, m]) => `${d} ${m}`);
  const link = fc.option(pick(['https://example.com/book', 'https://shop.example.org/autumn', 'https://example.net/events/42']), { nil: undefined });
  const campaign = fc.option(pick(['Autumn launch', 'Spring open days', 'Summer season', 'Christmas gifting']), { nil: undefined });
  const event = pick(a.events);
  const product = pick(a.products);
  const briefs = [
    fc.tuple(day, event, time, places).map(([d, e, t, n]) => ({ brief: `${d} ${e}, ${t}, ${n} places`, facts: [d, e, t, `${n} places`] })),
    fc.tuple(product, price, date).map(([p, pr, dt]) => ({ brief: `Announce our ${p} at ${pr}, available from ${dt}.`, facts: [p, pr, dt] })),
    fc
      .tuple(event, pick(PLACES), date, time)
      .map(([e, pl, dt, t]) => ({ brief: `Invite customers to our ${e} at ${pl} on ${dt} at ${t}.`, facts: [e, pl, dt, t] })),
    fc.tuple(fc.integer({ min: 10, max: 40 }), product, day, pick(['AUTUMN10', 'HELLO15', 'SPRING20'])).map(([pc, p, d, code]) => ({
      brief: `${pc}% off the ${p} until ${d} with code ${code}.`,
      facts: [`${pc}%`, p, d, code],
    })),
    fc.tuple(fc.integer({ min: 3, max: 7 }), pick(a.pillars), pick(a.people)).map(([n, p, who]) => ({
      brief: `Share ${n} tips on ${p.toLowerCase()} from ${who}, our head of ${a.industry.toLowerCase()}.`,
      facts: [String(n), who],
    })),
    fc.tuple(product, pick(a.people)).map(([p, who]) => ({ brief: `Why ${who} thinks the ${p} is worth it.`, facts: [who, p] })),
    fc
      .tuple(fc.integer({ min: 0, max: CALENDAR_ANGLES.length - 1 }), product, pick(a.pillars), pick(['More sign-ups', 'Grow awareness', 'Fill every class']))
      .map(([i, p, pillar, goal]) => ({
        // What the calendar hands the writer: its angle, then the entry's format and the campaign's goal.
        brief: `${CALENDAR_ANGLES[i](p, pillar, a.audiences[0].split(' ').slice(0, 3).join(' '))}. Format: text. Campaign goal: ${goal}.`,
        facts: [],
        pillar,
      })),
  ];
  return fc
    .tuple(fc.oneof(...briefs), link, campaign)
    .map(([b, l, c]) => ({ ...b, ...(l ? { link: l } : {}), ...(c ? { campaignName: c } : {}), facts: [...b.facts, ...(l ? [l] : [])] }));
}

/** At least `minPosts` variants over `brands` generated brands, every platform, 1–5 variants a piece. */
export function copyCases(seed: number, brands = 60, minPosts = 1000): CopyCase[] {
  // Brand i: archetype i mod 12, its (i / 12)th name: 60 distinct brands, voices drawn by the seed.
  const brandList = Array.from({ length: brands }, (_, i) => {
    const a = ARCHETYPES[i % ARCHETYPES.length];
    const [b] = fc.sample(brandArb(a, Math.floor(i / ARCHETYPES.length) % a.names.length), { numRuns: 1, seed: seed + i });
    return { a, b };
  });
  // Every brand appears: round-robin over brands, platforms and variant counts.
  const pieceArb = (i: number) => briefArb(brandList[i % brandList.length].a);
  const cases: CopyCase[] = [];
  let posts = 0;
  for (let i = 0; posts < minPosts; i++) {
    const [brief] = fc.sample(pieceArb(i), { numRuns: 1, seed: seed + i * 7919 });
    const platform: PlatformId = PLATFORM_IDS[i % PLATFORM_IDS.length];
    const variants = 1 + ((i * 3) % 5);
    const { facts, ...rest } = brief;
    cases.push({ input: { brand: brandList[i % brandList.length].b, platform, variants, ...rest }, facts });
    posts += variants;
  }
  return cases;
}
