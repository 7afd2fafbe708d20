const CR = 0x0d;
const LF = 0x0a;

/**
 * Rewrites every line ending to CRLF when the raw bytes hold a bare CR or mix CRLF with bare LF;
 * otherwise returns the input itself (all-CRLF and all-LF messages parse fine as they are).
 * HOSTILE-MAIL.md: with bare CR the whole message reads as one header, and mixed endings let
 * the subject swallow the next headers. One linear pass to count, one to copy.
 */
export function normaliseLineEndings(raw: Uint8Array): Uint8Array {
  let bareCr = 0;
  let bareLf = 0;
  let crlf = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (byte === CR) {
      if (raw[i + 1] === LF) {
        crlf++;
        i++;
      } else {
        bareCr++;
      }
    } else if (byte === LF) {
      bareLf++;
    }
  }
  if (bareCr === 0 && (bareLf === 0 || crlf === 0)) return raw;

  const out = new Uint8Array(raw.length + bareCr + bareLf);
  let o = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    if (byte === CR) {
      out[o++] = CR;
      out[o++] = LF;
      if (raw[i + 1] === LF) i++;
    } else if (byte === LF) {
      out[o++] = CR;
      out[o++] = LF;
    } else {
      out[o++] = byte;
    }
  }
  return out;
}
