/**
 * A `date` column as YYYY-MM-DD. node-postgres parses it into a Date at LOCAL midnight (other
 * drivers answer the text): read the local calendar fields, never toISOString, which shifts the
 * day east of UTC.
 */
export function dateOnly(d: string | Date): string {
  if (typeof d === 'string') return d.slice(0, 10);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
