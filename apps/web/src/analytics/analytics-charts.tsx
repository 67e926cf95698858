import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { platformLabel } from '../lib/labels';
import type { Overview } from './overview';

const COLORS = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#7950f2', '#15aabf', '#fd7e14'];

/** Impressions per day, one line per platform (or the total when the series has no platform split). */
export function DailyChart({ overview }: { overview: Overview }) {
  const split = overview.platforms.filter((p) => overview.byDay.some((d) => d[`impressions:${p}`] !== undefined));
  // A short range shows each day's point: a single busy day must not hide on an axis line.
  const dots = overview.byDay.length <= 45 ? { r: 2 } : false;
  return (
    <ResponsiveContainer width="100%" height={280}>
      <LineChart data={overview.byDay} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" fontSize={12} />
        <YAxis fontSize={12} />
        <Tooltip />
        <Legend />
        {split.length ? (
          split.map((p, i) => (
            <Line
              key={p}
              type="monotone"
              dataKey={`impressions:${p}`}
              name={`${platformLabel(p)} impressions`}
              stroke={COLORS[i % COLORS.length]}
              strokeWidth={2}
              dot={dots}
            />
          ))
        ) : (
          <Line type="monotone" dataKey="impressions" name="Impressions" stroke={COLORS[0]} strokeWidth={2} dot={dots} />
        )}
        <Line type="monotone" dataKey="engagements" name="Engagements" stroke="#868e96" strokeDasharray="4 2" dot={dots} />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function PlatformChart({ overview }: { overview: Overview }) {
  const data = overview.byPlatform.map((p) => ({ ...p, name: platformLabel(p.platform) }));
  return (
    <ResponsiveContainer width="100%" height={280}>
      <BarChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="name" fontSize={12} />
        <YAxis fontSize={12} />
        <Tooltip />
        <Legend />
        <Bar dataKey="impressions" name="Impressions" fill={COLORS[0]} />
        <Bar dataKey="engagements" name="Engagements" fill={COLORS[1]} />
        <Bar dataKey="clicks" name="Clicks" fill={COLORS[2]} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** A generic per-day bar chart (AI usage: cost or tokens per day). */
export function DayBars({ data, bars }: { data: object[]; bars: { key: string; name: string }[] }) {
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={data} margin={{ top: 8, right: 16, left: 0, bottom: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="date" fontSize={12} />
        <YAxis fontSize={12} />
        <Tooltip />
        <Legend />
        {bars.map((b, i) => (
          <Bar key={b.key} dataKey={b.key} name={b.name} stackId="a" fill={COLORS[i % COLORS.length]} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
