export type { ParseLimits } from "./parse-limits";
export type { ParseFailureReason, ParseOutcome } from "./parse-outcome";
export { parseMessage } from "./parse-message";
export { MessageParser } from "./message-parser";
export { splitMbox, isMbox } from "./mbox";
export { htmlToText } from "./html-to-text";
export { readFirstMessageId, readMessageIds } from "./message-ids";
export { readHeaderBlock } from "./header-block";
