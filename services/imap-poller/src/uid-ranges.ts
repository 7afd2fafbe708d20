/** An inclusive range of UIDs. */
export interface UidRange {
  from: number;
  to: number;
}

/**
 * Splits `from..to` (inclusive) into consecutive ranges of at most `size` UIDs, lazily, so a
 * catch-up over millions of UIDs holds one range at a time (flat memory). Empty when `to < from`.
 * @throws RangeError when `size` is not a positive integer.
 */
export function* uidBatches(from: number, to: number, size: number): Generator<UidRange> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  for (let start = from; start <= to; start += size) yield { from: start, to: Math.min(to, start + size - 1) };
}

/**
 * An IMAP sequence-set (RFC 3501 §9 `sequence-set`) of `uids`, runs compressed: `[1,2,3,5,7,8]`
 * → `"1:3,5,7:8"`. Input in any order; duplicates are dropped. Empty input gives `""` (not a
 * valid set: callers skip the command).
 */
export function toUidSet(uids: readonly number[]): string {
  const sorted = [...new Set(uids)].sort((a, b) => a - b);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i] as number;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i] as number;
    parts.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return parts.join(",");
}
