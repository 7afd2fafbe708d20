import type { FieldName, Language, RequestType } from "@mailtriage/contracts";
import { describe, expect, it } from "vitest";
import labels from "../src/lexicon/template-labels.json" with { type: "json" };
import requestTypes from "../src/lexicon/template-request-types.json" with { type: "json" };
import { normaliseRequestType } from "../src/template";
import { parseLabelLine } from "../src/template/label-line";

const LABEL_ROWS = Object.entries(labels.fields).flatMap(([field, byLanguage]) =>
  Object.entries(byLanguage).flatMap(([language, list]) => list.map((label) => [label, field as FieldName, language as Language] as const)),
);
const PRESET_ROWS = Object.entries(requestTypes.presets).flatMap(([preset, byLanguage]) =>
  Object.values(byLanguage).flatMap((list) => list.map((phrase) => [phrase, preset as RequestType] as const)),
);

describe("template lexicons", () => {
  it.each(LABEL_ROWS)("when the label %j is written with a value, then it is read as %s in %s", (label, field, language) => {
    const line = parseLabelLine(`${label}${label.endsWith("?") ? "" : ":"} value`);
    expect(line?.field).toBe(field);
    expect(line?.languages).toContain(language);
    expect(line?.value).toBe("value");
  });

  it.each(PRESET_ROWS)("when the request type reads %j, then it is the preset %s", (phrase, preset) => {
    expect(normaliseRequestType(phrase)).toBe(preset);
  });
});
