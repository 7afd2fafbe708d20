import { describe, expect, it } from "vitest";
import { findStatedSeverity } from "../src/severity";

describe("findStatedSeverity (POLICY §5: recorded, not obeyed)", () => {
  it.each([
    ["Severity: 1", 1, "Severity: 1"],
    ["Severity 2 - moderate impact", 2, "Severity 2"],
    ["Gravedad 1", 1, "Gravedad 1"],
    ["Gravidade: 2", 2, "Gravidade: 2"],
    ["Sévérité 1", 1, "Sévérité 1"],
    ["Tingkat keparahan 1", 1, "Tingkat keparahan 1"],
    ["Schweregrad 3", 3, "Schweregrad 3"],
    ["Priority: urgent", 1, "Priority: urgent"],
    ["Priority: Critical", 1, "Priority: Critical"],
    ["Priority: blocker", 1, "Priority: blocker"],
    ["Prioridad: alta", 2, "Prioridad: alta"],
    ["Prioridade: urgente", 1, "Prioridade: urgente"],
    ["Priorité : haute", 2, "Priorité : haute"],
    ["Prioritas: tinggi", 2, "Prioritas: tinggi"],
    ["Priorität: hoch", 2, "Priorität: hoch"],
    ["Priorität: kritisch", 1, "Priorität: kritisch"],
    ["Severity: major", 2, "Severity: major"],
    ["Severity: medium", 2, "Severity: medium"],
    ["Gravité : modérée", 2, "Gravité : modérée"],
    ["Priority: low", 3, "Priority: low"],
    ["Severity: minor", 3, "Severity: minor"],
    ["Prioridad: baja", 3, "Prioridad: baja"],
    ["Priorität: niedrig", 3, "Priorität: niedrig"],
    ["Severity level: 2", 2, "Severity level: 2"],
    ["The priority is high", 2, "priority is high"],
    ["Please treat this as high priority", 2, "high priority"],
    ["Es un caso de alta prioridad", 2, "alta prioridad"],
    ["Bitte mit hoher Priorität bearbeiten", 2, "hoher Priorität"],
    ["[Sev1] CRM outage", 1, "Sev1"],
    ["Severity:\n1", 1, "Severity: 1"],
    ["Severity: 2 (high)\nPriority: urgent", 2, "Severity: 2"],
  ] as const)("when the text says %j, then the stated severity is %s", (text, severity, words) => {
    expect(findStatedSeverity(text)).toEqual({ severity, words });
  });

  it.each([
    ["the severity is unclear"],
    ["Severity: 4"],
    ["Priority support partner"],
    ["Severity. 2 users are affected"],
    ["We are a premium partner with an urgent request"],
    [""],
  ])("when the text is %j, then no severity is stated", (text) => {
    expect(findStatedSeverity(text)).toBeNull();
  });
});
