/**
 * Prompt-injection guard. User-supplied text (briefs, samples, inbox messages, competitor notes)
 * reaches the model only as fenced data; this guard additionally finds text in it that tries to
 * give the model instructions, replaces that span with a marker and reports it, so the call is
 * flagged in ai.ai_log. Detection is pattern-based on purpose: cheap, deterministic and auditable
 * (see docs/adr/012). It is one layer, not the defence: fencing and output validation are others.
 */
export interface InjectionFinding {
  /** Where in the input the text was, e.g. "message.text". */
  path: string;
  rule: InjectionRule;
  /** The neutralised text, shortened. */
  excerpt: string;
}

export type InjectionRule =
  | 'override-instructions'
  | 'role-reassignment'
  | 'new-instructions'
  | 'role-prefix'
  | 'role-tag'
  | 'prompt-leak'
  | 'jailbreak'
  | 'output-hijack'
  | 'fence-forgery';

export const NEUTRALISED_MARKER = '[instruction-like text removed]';

const RULES: readonly { rule: InjectionRule; re: RegExp }[] = [
  {
    rule: 'override-instructions',
    re: /\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}?\b(?:previous|prior|above|earlier|preceding|all|any|your|the|system|these|those)\b[^.\n]{0,30}?\b(?:instructions?|prompts?|rules?|directions?|guidelines?|directives?|context|messages?|constraints?)\b[^.\n]*/giu,
  },
  {
    rule: 'override-instructions',
    re: /\b(?:disregard|ignore|forget)\s+(?:everything\s+|all\s+|anything\s+)?(?:the\s+|what\s+(?:was\s+|is\s+)?)?(?:(?:written|said|stated)\s+)?(?:above|before\s+this|previously)\b[^.\n]*/giu,
  },
  {
    rule: 'role-reassignment',
    re: /\byou\s+are\s+(?:now|no\s+longer)\b[^.\n]{0,40}?\b(?:ai|assistant|model|bot|chatbot|gpt|llm|dan|developer|admin|administrator|system|mode|unrestricted|unfiltered|uncensored|jailbroken|bound|restricted|free)\b[^.\n]*/giu,
  },
  {
    rule: 'role-reassignment',
    re: /\b(?:from\s+now\s+on|henceforth|for\s+the\s+rest\s+of\s+this\s+conversation)\b,?\s+(?:you|act|respond|reply|answer|behave)\b[^.\n]*/giu,
  },
  {
    rule: 'role-reassignment',
    re: /\b(?:act|behave|pretend|roleplay|role-play)\s+(?:as|like|to\s+be)\s+(?:if\s+you\s+(?:were|are)\s+)?(?:an?\s+|the\s+)?(?:different|new|unrestricted|unfiltered|evil|system|admin|developer|dan|jailbroken|ai\s+without)\b[^.\n]*/giu,
  },
  {
    rule: 'new-instructions',
    re: /\b(?:new|updated|real|actual|true|additional|secret|hidden)\s+(?:instructions?|system\s+prompt|rules|task)\s*[:\-–]+[^\n]*/giu,
  },
  // At the start of a line or of a sentence: "Our system: small batches" is not a role prefix.
  { rule: 'role-prefix', re: /(?:^|(?<=[.!?;]\s{1,3}))[\t >*#-]*(?:system|assistant|developer|user|human|ai)\s*(?:message|prompt)?\s*:/gimu },
  {
    rule: 'role-tag',
    re: /<\|?\/?\s*(?:im_start|im_end|system|assistant|user|developer|endoftext|eot_id|start_header_id|end_header_id)\s*\|?>|\[\/?(?:INST|SYS|SYSTEM)\]|<<\/?SYS>>|<\/?\s*(?:system|assistant|instructions?|developer)\s*>/giu,
  },
  { rule: 'role-tag', re: /(?:^|(?<=[.!?;]\s{1,3}))#{2,}\s*(?:instructions?|system|response|new\s+task)\b[^\n]*/gimu },
  {
    rule: 'prompt-leak',
    re: /\b(?:reveal|show|print|repeat|output|display|leak|dump|recite|tell\s+me|give\s+me|what\s+(?:is|are|were))\b[^.\n?]{0,30}?\b(?:your|the)\s+(?:(?:full|exact|original|initial|hidden|secret)\s+)*(?:system\s+prompt|system\s+message|prompt|instructions|rules|guidelines)\b[^.\n]*/giu,
  },
  { rule: 'jailbreak', re: /\b(?:jailbreak|jailbroken|do\s+anything\s+now|developer\s+mode|dan\s+mode|god\s+mode)\b[^.\n]*/giu },
  {
    rule: 'output-hijack',
    re: /\b(?:respond|reply|answer|output|return)\s+(?:only\s+)?with\s+(?:only\s+)?(?:the\s+following|this\s+exact|exactly)\b[^\n]*/giu,
  },
  { rule: 'fence-forgery', re: /={2,}\s*(?:BEGIN|END)\s+DATA\b[^\n]*/giu },
];

/** Characters that hide text from a reader but not from a tokenizer. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g;

export interface GuardedText {
  text: string;
  findings: InjectionFinding[];
}

const excerpt = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}...` : s);

/** Neutralise instruction-like spans in one user-supplied string. */
export function guardText(input: string, path = 'text'): GuardedText {
  let text = input.normalize('NFKC').replace(INVISIBLE, '');
  const findings: InjectionFinding[] = [];
  for (const { rule, re } of RULES) {
    re.lastIndex = 0;
    if (!re.test(text)) continue;
    re.lastIndex = 0;
    text = text.replace(re, (match) => {
      findings.push({ path, rule, excerpt: excerpt(match.trim()) });
      return NEUTRALISED_MARKER;
    });
  }
  return { text, findings };
}

export interface GuardedValue<T> {
  value: T;
  findings: InjectionFinding[];
}

/** Guard every string inside a JSON-like value, keeping its shape. */
export function guardData<T>(value: T, path = ''): GuardedValue<T> {
  const findings: InjectionFinding[] = [];
  const walk = (v: unknown, p: string): unknown => {
    if (typeof v === 'string') {
      const g = guardText(v, p || 'data');
      findings.push(...g.findings);
      return g.text;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${p}[${i}]`));
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, p ? `${p}.${k}` : k);
      return out;
    }
    return v;
  };
  return { value: walk(value, path) as T, findings };
}
