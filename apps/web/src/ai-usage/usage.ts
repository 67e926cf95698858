/** GET /ai/usage, read tolerantly (byModel / models, tokensIn / inputTokens…), as the analytics overview is. */
export interface UsageRow {
  key: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
}

export interface Usage {
  totals: Omit<UsageRow, 'key'>;
  byModel: UsageRow[];
  byAgent: UsageRow[];
  byDay: (UsageRow & { date: string })[];
  budget: { monthlyLimitUsd: number | null; spentUsd: number | null } | null;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? (v as Record<string, unknown>[]) : v && typeof v === 'object' ? Object.entries(v as Record<string, Record<string, unknown>>).map(([k, r]) => ({ key: k, ...r })) : []);

function rowOf(r: Record<string, unknown>, keyField: string): UsageRow {
  const tokens = (r.tokens ?? {}) as Record<string, unknown>;
  return {
    key: String(r[keyField] ?? r.key ?? r.name ?? '?'),
    calls: num(r.calls ?? r.count),
    tokensIn: num(r.tokensIn ?? r.inputTokens ?? r.promptTokens ?? tokens.in ?? tokens.input),
    tokensOut: num(r.tokensOut ?? r.outputTokens ?? r.completionTokens ?? tokens.out ?? tokens.output),
    costUsd: num(r.costUsd ?? r.cost ?? r.costUSD),
  };
}

export function normalizeUsage(raw: unknown): Usage {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const byModel = arr(o.byModel ?? o.models).map((r) => rowOf(r, 'model'));
  const byAgent = arr(o.byAgent ?? o.agents).map((r) => rowOf(r, 'agent'));
  const byDay = arr(o.byDay ?? o.days ?? o.daily)
    .map((r) => ({ ...rowOf(r, 'date'), date: String(r.date ?? r.day ?? r.key ?? '').slice(0, 10) }))
    .sort((a, b) => a.date.localeCompare(b.date));
  const t = (o.totals && typeof o.totals === 'object' ? o.totals : o) as Record<string, unknown>;
  const fromRows = (rows: UsageRow[]) => rows.reduce((s, r) => ({ calls: s.calls + r.calls, tokensIn: s.tokensIn + r.tokensIn, tokensOut: s.tokensOut + r.tokensOut, costUsd: s.costUsd + r.costUsd }), { calls: 0, tokensIn: 0, tokensOut: 0, costUsd: 0 });
  const direct = rowOf(t, 'key');
  const totals = direct.calls || direct.costUsd || direct.tokensIn ? { calls: direct.calls, tokensIn: direct.tokensIn, tokensOut: direct.tokensOut, costUsd: direct.costUsd } : fromRows(byModel.length ? byModel : byDay);
  const b = (o.budget && typeof o.budget === 'object' ? o.budget : null) as Record<string, unknown> | null;
  const budget = b
    ? {
        monthlyLimitUsd: b.monthlyLimitUsd == null ? null : num(b.monthlyLimitUsd),
        spentUsd: b.spentUsd ?? b.monthSpentUsd ?? b.spent ?? null,
      }
    : o.monthlyLimitUsd !== undefined
      ? { monthlyLimitUsd: o.monthlyLimitUsd == null ? null : num(o.monthlyLimitUsd), spentUsd: (o.monthSpentUsd as number | undefined) ?? null }
      : null;
  return { totals, byModel, byAgent, byDay, budget: budget ? { monthlyLimitUsd: budget.monthlyLimitUsd, spentUsd: budget.spentUsd == null ? null : num(budget.spentUsd) } : null };
}
