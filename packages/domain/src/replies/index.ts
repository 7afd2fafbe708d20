// Automatic replies to partners (issue 5): which reply an event calls for, in which language,
// with which texts; the mailer service sends what this decides.
export * from "./reply-kind";
export * from "./reply-texts";
export * from "./original-message";
export * from "./no-reply-reason";
export * from "./reply-budget";
export * from "./format-instant";
export * from "./main-reason";
export { fieldLabel } from "./reply-sections";
export * from "./compose-reply";
export * from "./decide-reply";
