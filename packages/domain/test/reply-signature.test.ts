import { describe, expect, it } from "vitest";
import { extractNewText } from "../src/reply";

const BODY = "The export fails for all users since the update.";

describe("extractNewText: signatures", () => {
  it.each([
    ["en", "Best regards,\nAna Silva\nPartner Success | ACME GmbH\n+49 30 1234567"],
    ["en", "Kind regards\nAna"],
    ["en", "Thanks,\nAna"],
    ["en", "Thanks, Ana"],
    ["en", "Thank you in advance!\n\nAna Silva\nACME"],
    ["es", "Saludos,\nAna Pérez\nACME Partner S.L."],
    ["es", "Un saludo\nAna"],
    ["es", "Atentamente,\nAna Pérez"],
    ["pt", "Atenciosamente,\nAna Souza\nACME Parceiro"],
    ["pt", "Abraços,\nAna"],
    ["fr", "Cordialement,\nAnne Dupont\nACME SARL"],
    ["fr", "Bien à vous,\nAnne"],
    ["id", "Salam,\nBudi"],
    ["id", "Terima kasih,\nBudi Santoso\nPT ACME"],
    ["id", "Hormat kami,\nBudi"],
    ["de", "Mit freundlichen Grüßen\nAnna Müller\nACME GmbH"],
    ["de", "Viele Grüße\nAnna"],
    ["de", "Beste Grüße,\nAnna"],
    ["de", "LG Anna"],
    ["de", "Danke und schönes Wochenende\nMarkus Hoffmann\nDatenwerk GmbH"],
    ["fr", "Merci et bonne fin de semaine!\n\nGeneviève Tremblay\nConseillère Zoho | Maple IT Solutions\nQuébec"],
    ["es/en", "Gracias / thanks,\nDaniel Ortega"],
    ["delimiter", "-- \nAna Silva\nACME GmbH"],
    ["delimiter", "--\nAna Silva"],
  ])("when a %s sign-off and name block end the message (%j), then they are the signature", (_language, signature) => {
    const parts = extractNewText(`${BODY}\n\n${signature}\n`);
    expect(parts.newText).toBe(BODY);
    expect(parts.signature).toBe(signature);
  });

  it.each([
    ["Sent from my iPhone"],
    ["Enviado desde mi iPhone"],
    ["Envoyé de mon iPhone"],
    ["Von meinem iPhone gesendet"],
    ["Dikirim dari iPhone saya"],
    ["Enviado do meu iPhone"],
    ["Get Outlook for Android"],
  ])("when a mobile footer %j ends the message, then it is the signature", (footer) => {
    const parts = extractNewText(`${BODY}\n\n${footer}`);
    expect(parts.newText).toBe(BODY);
    expect(parts.signature).toBe(footer);
  });

  it("when a sign-off comes before the quoted history, then the signature stops at the history", () => {
    const parts = extractNewText(`${BODY}\n\nRegards,\nAna\n\nOn Tue, 3 Nov 2026 at 10:00, Support <help@vendor.example> wrote:\n> old`);
    expect(parts.newText).toBe(BODY);
    expect(parts.signature).toBe("Regards,\nAna");
    expect(parts.quoted).toContain("> old");
  });

  it("when a sign-off is followed by a second one, then the signature starts at the first", () => {
    const parts = extractNewText(`${BODY}\n\nThanks,\nAna\n\nBest regards\nAna Silva\nACME`);
    expect(parts.signature).toBe("Thanks,\nAna\n\nBest regards\nAna Silva\nACME");
  });

  it("when 'Thanks,' is in the middle and many lines follow, then the text is not cut", () => {
    const text = [
      "Hi team,",
      "Thanks,",
      "we have a new problem with the same customer.",
      "The export fails when more than 1,000 records are selected.",
      "It started after the update last week.",
      "All sales managers are affected.",
      "They need the export for the monthly report.",
      "We checked the permissions of the profile.",
      "We tried with a smaller selection, which works.",
      "We also tried another browser.",
      "Please advise.",
    ].join("\n");
    const parts = extractNewText(text);
    expect(parts.newText).toBe(text);
    expect(parts.signature).toBe("");
  });

  it("when 'Thanks,' is followed by a few template fields, then the template is not cut", () => {
    const text = [
      "Hi team, please check.",
      "Thanks,",
      "Customer email: it@customer.example",
      "Request type: Technical support",
      "Product: CRM",
      "Description: the export fails.",
    ].join("\n");
    expect(extractNewText(text).newText).toBe(text);
  });

  it.each([
    ["Thanks for the quick answer, it works now."],
    ["Thank you for your patience while we investigate the issue with the customer"],
    ["Best practice would be to check the logs first."],
    ["Regards to the team: the customer is happy."],
  ])("when a sentence merely starts like a sign-off (%j), then it stays in the text", (line) => {
    const text = `${line}\nAna`;
    expect(extractNewText(text).newText).toBe(text);
  });

  it("when the signature block has a long line, then the sign-off does not cut", () => {
    const long = "We also noticed that the scheduled job which synchronises the contacts with the ERP runs twice every night and creates duplicates.";
    const text = `${BODY}\nThanks,\n${long}`;
    expect(extractNewText(text).newText).toBe(text);
  });
});
