// Three reusable rows of the distance table: matching runs once per line against many labels,
// and allocating fresh rows each time dominated the cost.
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance between `a` and `b` (insertions, deletions, substitutions
 * and swaps of two neighbouring characters each cost 1), computed only as far as `max`:
 * returns the distance when it is at most `max`, else `max + 1`.
 *
 * Only a band of width `2 * max + 1` around the diagonal is filled and the scan stops as soon
 * as a row exceeds `max`, so comparing a line against many labels stays cheap (POLICY §4 asks
 * for typo tolerance, not for a fuzzy search engine).
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  if (a === b) return 0;
  if (max <= 0) return over;
  const m = b.length;
  if (rows[0].length < m + 1) rows = [new Int32Array(m + 1), new Int32Array(m + 1), new Int32Array(m + 1)];
  let [before, previous, current] = rows;
  for (let j = 0; j <= m; j++) previous[j] = j <= max ? j : over;
  before.fill(over, 0, m + 1);
  for (let i = 1; i <= a.length; i++) {
    current.fill(over, 0, m + 1);
    current[0] = i <= max ? i : over;
    let rowMin = current[0] as number;
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return over;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[m] as number, over);
}

/**
 * A cheap lower bound check for `boundedEditDistance`: false when the letter counts of `a` and
 * `b` differ too much for `max` edits (each edit changes at most two counts). `counts` come
 * from `letterCounts`.
 */
export function mayBeWithin(a: Int16Array, b: Int16Array, max: number): boolean {
  const limit = 2 * max;
  let difference = 0;
  for (let k = 0; k < a.length; k++) {
    difference += Math.abs((a[k] as number) - (b[k] as number));
    if (difference > limit) return false;
  }
  return true;
}

/**
 * Counts of a-z, 0-9 and anything else in a folded key, for `mayBeWithin`; written into `into`
 * (37 slots, zeroed here) when given, so a hot caller can reuse one array.
 */
export function letterCounts(key: string, into?: Int16Array): Int16Array {
  const counts = into?.fill(0) ?? new Int16Array(37);
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    const slot = code >= 97 && code <= 122 ? code - 97 : code >= 48 && code <= 57 ? code - 22 : 36;
    counts[slot] = (counts[slot] as number) + 1;
  }
  return counts;
}

/**
 * Which of a-z, any digit, anything else occur in a folded key, as bits: a cheaper first test
 * than `letterCounts` (a letter present in one key only is at least one count apart).
 */
export function letterMask(key: string): number {
  let mask = 0;
  for (let i = 0; i < key.length; i++) {
    const code = key.charCodeAt(i);
    mask |= 1 << (code >= 97 && code <= 122 ? code - 97 : code >= 48 && code <= 57 ? 26 : 27);
  }
  return mask;
}

/** False when the masks (`letterMask`) of two keys differ in more letters than `max` edits can change. */
export function masksMayBeWithin(a: number, b: number, max: number): boolean {
  let differing = a ^ b;
  let count = 0;
  // Each edit adds or removes at most two letters' presence.
  while (differing !== 0 && count <= 2 * max) {
    differing &= differing - 1;
    count++;
  }
  return count <= 2 * max;
}
