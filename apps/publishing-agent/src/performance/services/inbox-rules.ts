/** Limits of inbox text, shared by the gateway's DTOs' numbers and the agent's own checks. */
export const INBOX_LIMITS = { channel: 40, author: 200, body: 10_000 } as const;

/** The brand's banned words or phrases that a text uses (case-insensitive, whole words only). */
export function bannedWordsIn(text: string, banned: readonly string[]): string[] {
  return banned.filter((word) => {
    const w = word.trim();
    if (!w) return false;
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}(?=$|[^\\p{L}\\p{N}])`, 'iu').test(text);
  });
}
