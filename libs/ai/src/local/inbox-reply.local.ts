import { guardText } from '../prompt/injection-guard';
import type { InboxReplyInput, InboxReplyOutput } from '../tasks/inbox-reply.task';
import { replyLimit } from '../tasks/inbox-reply.task';
import { analyseBrand } from './brand-analysis';
import { voiceRules } from './post-generation.local';
import { formal } from './post-writer';
import { textStats } from './keywords';
import { SeededRandom } from './seeded-random';
import { clip, scrub } from './text-tools';

/*
 * Customer-service cues, checked in order (spam, complaint, lead, question, praise). A lexicon of
 * what customers write when something went wrong or when they want to buy is more telling here
 * than general sentiment: "still nothing", "charged twice" and "stale" carry no negative word.
 * wink-nlp's sentiment (an AFINN-style lexicon with negation) decides when no cue does.
 * Measured on the labelled set in testing/inbox-messages.json (inbox-triage.spec.ts).
 */
const SPAM =
  /\b(crypto|bitcoin|forex|giveaway winner|free money|click here|dm me for|earn \$?\d+|promo code for followers|buy followers|onlyfans|hot singles|double your money|telegram|verify (now|your account)|account will be suspended|card details to claim)\b|(https?:\/\/\S+.*){3,}/i;
const COMPLAINT =
  /\b(refund|broken|late|never arrived|disappoint\w*|worst|terrible|awful|scam|complain\w*|angry|annoyed|upset|gutted|unacceptable|damaged|faulty|cracked|stale|soaked|spilled|split open|burnt|missing|wrong (order|item|size)|not working|stopped working|doesn'?t work|rude|charged twice|overcharged|still (nothing|waiting|no|not|squeak\w*)|no reply|nobody (answers|told|replied|got back)|hasn'?t (arrived|shipped|come)|not (good enough|happy)|unhappy|poor|frustrat\w*|cancel (my|the)|gone downhill|cancelled with|waited \d+|disappeared)\b/i;
const LEAD =
  /\b(pricing|quote|demo|wholesale|partnership|collab\w*|bulk|corporate|stock (your|you)|supply|cater\w*|for (my|our) (team|office|agency|company|staff|restaurant|pub|cafe|clients)|\d+ (staff|people|employees|bikes|bags|units)|conference)\b/i;
const PRAISE =
  /\b(love[dsy]?|lovely|great|amazing|awesome|thank(s| you)|brilliant|fantastic|best|delicious|perfect|well done|incredible|superb|enjoyed|impressed|gorgeous|excellent|five stars|happy customer|cheers|nice|friendly|beautiful\w*|appreciate)\b/i;
const QUESTION = /\?|^\s*(how|what|when|where|why|who|which|can|could|do|does|is|are|will|would)\b[^!]*$/i;
const LEGAL = /\b(lawyer|legal action|sue|lawsuit|injur(y|ed)|allergic reaction|unsafe|data breach|gdpr)\b/i;

/**
 * The name to greet by, or none: a display name's first word ("Jo Bloggs" → "Jo"). A handle
 * ("@grumpy_gus", "grumpy", "coffee.lover.92") is not a name, so the reply greets no one.
 */
function greetingName(author: string): string {
  const a = author.trim();
  if (!a || a.startsWith('@') || /[\d_@.]/.test(a)) return '';
  const first = a.split(/\s+/)[0];
  return /^\p{Lu}[\p{Ll}'’-]{1,29}$/u.test(first) ? first : '';
}

/** Rule-based triage and template replies; anything unclear or risky is escalated to a human. */
export function draftReply(input: InboxReplyInput, attempt: number): InboxReplyOutput {
  const b = analyseBrand(input.brand);
  const rng = SeededRandom.from('inbox-reply', input, attempt);
  const text = input.message.text;
  const guarded = guardText(text, 'message.text');
  const stats = textStats(text);
  const intent: InboxReplyOutput['intent'] = SPAM.test(text)
    ? 'spam'
    : COMPLAINT.test(text)
      ? 'complaint'
      : LEAD.test(text)
        ? 'lead'
        : QUESTION.test(text)
          ? 'question'
          : PRAISE.test(text) || stats.sentiment > 0.3
            ? 'praise'
            : stats.sentiment < -0.3
              ? 'complaint'
              : 'other';
  const sentiment: InboxReplyOutput['sentiment'] =
    intent === 'complaint'
      ? 'negative'
      : intent === 'praise'
        ? 'positive'
        : intent === 'spam'
          ? 'neutral'
          : PRAISE.test(text)
            ? 'positive'
            : intent === 'other' && stats.sentiment > 0.3
              ? 'positive'
              : intent === 'other' && stats.sentiment < -0.3
                ? 'negative'
                : 'neutral';
  const name = scrub(greetingName(input.message.author), b.banned);
  const hi = name ? rng.pick([`Hi ${name},`, `Hello ${name},`, `Thanks ${name},`]) : rng.pick(['Hi there,', 'Hello,', 'Thanks for reaching out,']);
  // "The Reading Room" signs as "The Reading Room team", not "The The Reading Room team".
  const sign = `${/^the\s/i.test(b.name) ? b.name : `The ${b.name}`} team`;
  const bodies: Record<InboxReplyOutput['intent'], string[]> = {
    question: [
      'thanks for your question. We’re checking the details and will get back to you shortly with a proper answer.',
      'good question. Let us confirm the specifics and we’ll reply here soon.',
    ],
    complaint: [
      'we’re sorry to hear this, and we want to put it right. Could you send us a direct message with your details so we can look into it straight away?',
      'thank you for telling us, and sorry for the trouble. Please message us privately with the details and we’ll sort it out.',
    ],
    praise: ['thank you, that genuinely made our day. We’re glad you enjoyed it.', 'thanks so much for the kind words. It means a lot to the whole team.'],
    lead: [
      'thanks for your interest. Send us a direct message with what you have in mind and we’ll get back to you with the details.',
      'great to hear you’re interested. Drop us a direct message and we’ll share the details.',
    ],
    spam: [''],
    other: ['thanks for your message. We’ve passed it to the team and will get back to you if there’s anything we can help with.'],
  };
  const injected = guarded.findings.length > 0;
  const reasons: string[] = [];
  if (intent === 'complaint') reasons.push('complaint: a person should own the follow-up');
  if (LEGAL.test(text)) reasons.push('mentions legal or safety matters');
  if (injected) reasons.push('the message contains instruction-like text aimed at automated replies');
  const escalate = intent !== 'spam' && reasons.length > 0;
  // A formal voice writes its contractions out in replies as in posts ("We are glad", not "We’re glad").
  const picked = rng.pick(bodies[intent]);
  const body = voiceRules(input).formal ? formal(picked) : picked;
  const reply = intent === 'spam' ? '' : clip(scrub(`${hi} ${body}\n\n${sign}`, b.banned), replyLimit(input.platform));
  const reason = reasons.length
    ? reasons.join('; ')
    : intent === 'spam'
      ? 'looks like spam: no reply suggested'
      : `${intent} with ${sentiment} sentiment; safe to answer with approval`;
  return {
    intent,
    sentiment,
    reply: reply || (intent === 'spam' ? '' : 'Thank you for your message.'),
    escalate,
    reason: clip(scrub(reason, b.banned) || 'triaged by rules', 300),
  };
}
