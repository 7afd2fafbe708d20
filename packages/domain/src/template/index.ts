export { extractTemplate, type TemplateExtraction, type TemplateOptions } from "./extract-template";
export { detectLanguage } from "./detect-language";
export { normaliseRequestType } from "./request-type";
export { normaliseProduct } from "./product";
export { parseReproducible, type ReproducibleAnswer } from "./reproducible";
export { countWords } from "./count-words";
