import { describe, expect, it } from "vitest";
import { detectLanguage } from "../src/template";

describe("detectLanguage", () => {
  it.each([
    ["Hi team, since this morning the users of our customer cannot log in to the CRM. Could you please check?", "en"],
    ["The export has been failing for all users since the update, and we have tried everything.", "en"],
    ["Hola equipo, desde esta mañana los usuarios del cliente no pueden iniciar sesión en el CRM. ¿Pueden revisarlo?", "es"],
    ["El cliente tiene un problema con la sincronización de los contactos y no sabemos por qué.", "es"],
    ["Olá equipe, desde hoje de manhã os usuários do cliente não conseguem entrar no CRM. Vocês podem verificar?", "pt"],
    ["O cliente está com um problema na sincronização dos contatos e não sabemos o motivo.", "pt"],
    ["Bonjour, depuis ce matin les utilisateurs de notre client ne peuvent plus se connecter au CRM. Pouvez-vous vérifier ?", "fr"],
    ["Le client a un problème avec la synchronisation des contacts et nous ne savons pas pourquoi.", "fr"],
    ["Halo tim, sejak pagi ini pengguna pelanggan kami tidak bisa masuk ke CRM. Mohon bantuan untuk dicek.", "id"],
    ["Pelanggan mengalami masalah dengan sinkronisasi kontak dan kami belum tahu penyebabnya.", "id"],
    ["Hallo zusammen, seit heute Morgen können sich die Benutzer unseres Kunden nicht mehr im CRM anmelden. Könnt ihr das bitte prüfen?", "de"],
    ["Der Kunde hat ein Problem mit der Synchronisierung der Kontakte und wir wissen nicht, warum.", "de"],
  ])("when the prose reads %j, then the language is %s", (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it.each([[""], ["CRM"], ["Zoho CRM 500 error"], ["ok"], ["https://crm.zoho.com/crm/org123"]])(
    "when there is too little text (%j), then the language is null",
    (text) => {
      expect(detectLanguage(text)).toBeNull();
    },
  );

  it("when a long body is mostly one language with a quoted line of another, then the main language wins", () => {
    const text = `${"Die Benutzer können sich nicht anmelden und der Kunde ist sehr unzufrieden. ".repeat(5)}The customer wrote: it does not work.`;
    expect(detectLanguage(text)).toBe("de");
  });
});
