export { extractNewText, type ReplyParts } from "./extract-new-text";
