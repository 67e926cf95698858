import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleBrand } from '../testing/fixtures';
import type { InboxReplyOutput } from '../tasks/inbox-reply.task';
import { LocalEngine } from './local-engine';

/** Intent and sentiment of the built-in engine on a hand-labelled set of customer messages. */
interface Labelled {
  text: string;
  intent: InboxReplyOutput['intent'];
  sentiment: InboxReplyOutput['sentiment'];
}
const { messages } = JSON.parse(readFileSync(join(__dirname, '../testing/inbox-messages.json'), 'utf8')) as { messages: Labelled[] };
const engine = new LocalEngine();
const brand = sampleBrand();
const triage = (text: string, author = 'Sam Lee') => engine.generate('inbox-reply', { brand, platform: 'x', message: { author, text } });
const results = messages.map((m) => ({ m, out: triage(m.text) }));
const accuracy = (field: 'intent' | 'sentiment') => results.filter((r) => r.out[field] === r.m[field]).length / results.length;
const misses = (field: 'intent' | 'sentiment') =>
  results.filter((r) => r.out[field] !== r.m[field]).map((r) => `${r.m.text} → ${r.out[field]} (labelled ${r.m[field]})`);

describe('inbox triage of the built-in engine', () => {
  it('is scored on at least 100 labelled messages covering complaints, praise, questions, leads and spam', () => {
    expect(messages.length).toBeGreaterThanOrEqual(100);
    expect(new Set(messages.map((m) => m.intent))).toEqual(new Set(['complaint', 'praise', 'question', 'lead', 'spam', 'other']));
  });

  it('labels intent with at least 85 % accuracy', () => {
    process.stdout.write(`inbox intent accuracy: ${(accuracy('intent') * 100).toFixed(1)} % on ${messages.length} messages\n`);
    expect({ accuracy: accuracy('intent') >= 0.85, misses: accuracy('intent') >= 0.85 ? [] : misses('intent') }).toEqual({ accuracy: true, misses: [] });
  });

  it('labels sentiment with at least 85 % accuracy', () => {
    process.stdout.write(`inbox sentiment accuracy: ${(accuracy('sentiment') * 100).toFixed(1)} % on ${messages.length} messages\n`);
    expect({ accuracy: accuracy('sentiment') >= 0.85, misses: accuracy('sentiment') >= 0.85 ? [] : misses('sentiment') }).toEqual({
      accuracy: true,
      misses: [],
    });
  });

  it('reads "Pretty disappointed, my order arrived late" as a negative complaint and escalates it', () => {
    expect(triage('Pretty disappointed, my order arrived late', 'grumpy')).toMatchObject({ intent: 'complaint', sentiment: 'negative', escalate: true });
  });

  it.each([
    ['grumpy', /^(Hi there|Hello|Thanks for reaching out),/],
    ['@grumpy_gus', /^(Hi there|Hello|Thanks for reaching out),/],
    ['coffee.lover.92', /^(Hi there|Hello|Thanks for reaching out),/],
    ['Jo Bloggs', /^(Hi|Hello|Thanks) Jo,/],
    ['Aoife', /^(Hi|Hello|Thanks) Aoife,/],
  ])('greets %s by name or not at all, never by a handle fragment', (author, start) => {
    const reply = triage('Do you deliver to Manchester?', author).reply;
    expect(reply).toMatch(start);
    expect(reply.split(',')[0]).not.toMatch(/grumpy|coffee|lover|gus/i);
  });
});
