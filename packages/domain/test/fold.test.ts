import { describe, expect, it } from "vitest";
import { foldText } from "../src/text/fold";

describe("foldText", () => {
  it.each([
    ["Não consigo INICIAR SESSÃO", "nao consigo iniciar sessao"],
    ["¿Puedes replicar el problema?", "¿puedes replicar el problema?"],
    ["Est-il possible de reproduire le problème ?", "est-il possible de reproduire le probleme ?"],
    ["E-Mail-Adresse des Kunden – Straße", "e-mail-adresse des kunden - strase"],
    ["Captures d’écran", "captures d'ecran"],
    ["İstanbul", "istanbul"],
  ])("when %s is folded, then it reads %s", (input, folded) => {
    expect(foldText(input)).toBe(folded);
  });

  it("when text is folded, then every index still points at the same word", () => {
    const original = "Los usuarios no pueden iniciar sesión 😀 desde ayer";
    const folded = foldText(original);
    expect(folded).toHaveLength(original.length);
    const at = folded.indexOf("iniciar sesion");
    expect(original.slice(at, at + "iniciar sesion".length)).toBe("iniciar sesión");
  });
});
