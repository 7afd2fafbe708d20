import { describe, expect, it } from "vitest";
import markers from "../src/lexicon/reply-markers.json" with { type: "json" };
import { extractNewText } from "../src/reply";

const NEW = "The export still fails for all users.";
const OLD = "Could you send us the error message?";

describe("extractNewText: reply attributions", () => {
  it.each([
    ["en Gmail", "On Tue, 3 Nov 2026 at 10:00, Ana Silva <ana@partner.example> wrote:"],
    ["en Gmail, 12-hour clock", "On Tue, Nov 3, 2026 at 10:00 AM Ana Silva <ana@partner.example> wrote:"],
    ["en Thunderbird", "On 03/11/2026 10:00, Ana Silva wrote:"],
    ["en without a start word", "Ana Silva <ana@partner.example> wrote:"],
    ["es Gmail", "El mar, 3 nov 2026 a las 10:00, Ana (<ana@partner.example>) escribió:"],
    ["es Thunderbird", "El 03/11/2026 a las 10:00, Ana Silva escribió:"],
    ["pt Gmail", "Em ter., 3 de nov. de 2026 às 10:00, Ana <ana@partner.example> escreveu:"],
    ["fr Gmail", "Le mar. 3 nov. 2026 à 10:00, Ana <ana@partner.example> a écrit :"],
    ["fr Thunderbird", "Le 03/11/2026 à 10:00, Ana Silva a écrit :"],
    ["id Gmail", "Pada tanggal Sel, 3 Nov 2026 pukul 10.00 Ana <ana@partner.example> menulis:"],
    ["id short", "Pada 3 Nov 2026 10.00, Ana menulis:"],
    ["de Gmail", "Am Di., 3. Nov. 2026 um 10:00 Uhr schrieb Ana <ana@partner.example>:"],
    ["de Thunderbird", "Am 03.11.2026 um 10:00 schrieb Ana Müller:"],
    ["de Outlook web", "Ana Müller <ana@partner.example> schrieb am Di., 3. Nov. 2026, 10:00:"],
    ["en wrapped before 'wrote'", "On Tue, 3 Nov 2026 at 10:00, Ana Silva <ana@partner.example>\nwrote:"],
    ["en wrapped inside the address", "On Tue, 3 Nov 2026 at 10:00, Ana Maria da Silva Santos <\nana.maria@partner.example> wrote:"],
    ["es wrapped over three lines", "El mar, 3 nov 2026 a las 10:00,\nAna Maria da Silva Santos\n(<ana@partner.example>) escribió:"],
  ])("when the history opens with a %s attribution, then the text is cut there", (_style, attribution) => {
    const parts = extractNewText(`${NEW}\n\n${attribution}\n> ${OLD}\n`);
    expect(parts.newText).toBe(NEW);
    expect(parts.quoted.startsWith(attribution.split("\n")[0] ?? "")).toBe(true);
    expect(parts.quoted).toContain(OLD);
    expect(parts.forwarded).toBe("");
  });

  it.each([
    ["On Monday we wrote to the customer:"],
    ["Le client a écrit :"],
    ["On our side everything looks fine, Ana wrote to us that it works:"],
  ])("when prose merely resembles an attribution (%j), then nothing is cut", (line) => {
    const text = `${line}\nthe export fails.\n${NEW}`;
    expect(extractNewText(text).newText).toBe(text);
  });

  it("when an attribution follows a prose line starting with a start word, then only the attribution is cut", () => {
    const parts = extractNewText(`On our side the fix did not help.\nOn Tue, 3 Nov 2026 at 10:00, Ana <ana@partner.example> wrote:\n> ${OLD}`);
    expect(parts.newText).toBe("On our side the fix did not help.");
  });
});

describe("extractNewText: Outlook separators and header blocks", () => {
  it.each([
    ["en", "-----Original Message-----"],
    ["es", "-----Mensaje original-----"],
    ["pt", "-----Mensagem original-----"],
    ["fr", "-----Message d'origine-----"],
    ["id", "-----Pesan Asli-----"],
    ["de", "-----Ursprüngliche Nachricht-----"],
    ["Thunderbird", "-------- Original Message --------"],
  ])("when a %s separator %j opens the history, then the text is cut there", (_language, separator) => {
    const parts = extractNewText(`${NEW}\n\n${separator}\nFrom: Support <help@vendor.example>\nSent: Tuesday\nSubject: RE: export\n\n${OLD}`);
    expect(parts.newText).toBe(NEW);
    expect(parts.quoted.startsWith(separator)).toBe(true);
  });

  it.each([
    ["en", "From: Support <help@vendor.example>\nSent: Tuesday, November 3, 2026 10:00 AM\nTo: Ana <ana@partner.example>\nSubject: RE: export"],
    ["es", "De: Soporte <help@vendor.example>\nEnviado: martes, 3 de noviembre de 2026 10:00\nPara: Ana <ana@partner.example>\nAsunto: RE: exportación"],
    ["pt", "De: Suporte <help@vendor.example>\nEnviada em: terça-feira, 3 de novembro de 2026 10:00\nPara: Ana <ana@partner.example>\nAssunto: RE: exportação"],
    ["fr", "De : Support <help@vendor.example>\nEnvoyé : mardi 3 novembre 2026 10:00\nÀ : Ana <ana@partner.example>\nObjet : RE: export"],
    ["id", "Dari: Dukungan <help@vendor.example>\nDikirim: Selasa, 3 November 2026 10.00\nKepada: Ana <ana@partner.example>\nPerihal: RE: ekspor"],
    ["id (Subjek)", "Dari: Dukungan <help@vendor.example>\nDikirim: Selasa, 3 November 2026 10.00\nKepada: Ana <ana@partner.example>\nSubjek: RE: ekspor"],
    ["de", "Von: Support <help@vendor.example>\nGesendet: Dienstag, 3. November 2026 10:00\nAn: Ana <ana@partner.example>\nBetreff: AW: Export"],
    ["bold (Gmail plain text of HTML)", "*From:* Support <help@vendor.example>\n*Sent:* Tuesday\n*To:* Ana\n*Subject:* RE: export"],
    ["on one line", "From: Support <help@vendor.example> Sent: Tuesday, November 3, 2026 10:00 AM To: Ana Subject: RE: export"],
    ["after underscores", "________________________________\nFrom: Support <help@vendor.example>\nSent: Tuesday\nTo: Ana\nSubject: RE: export"],
  ])("when an Outlook header block (%s) opens the history, then the text is cut there", (_style, header) => {
    const parts = extractNewText(`${NEW}\n\n${header}\n\n${OLD}`);
    expect(parts.newText).toBe(NEW);
    expect(parts.quoted.startsWith(header.split("\n")[0] ?? "")).toBe(true);
    expect(parts.quoted).toContain(OLD);
  });

  it.each([
    ["From: the customer's IT admin, who confirmed it"],
    ["De: la parte del cliente\nPara: nosotros es urgente"],
  ])("when a From line is prose without a header block (%j), then nothing is cut", (line) => {
    const text = `${line}\n${NEW}`;
    expect(extractNewText(text).newText).toBe(text);
  });
});

describe("extractNewText: forwards", () => {
  const header = "From: Customer IT <it@customer.example>\nDate: Tue, 3 Nov 2026 at 10:00\nSubject: Login broken\nTo: <ana@partner.example>";
  const customer = "Nobody in our company can log in since this morning.";

  it.each([
    ["en Gmail", "---------- Forwarded message ---------"],
    ["es Gmail", "---------- Mensaje reenviado ---------"],
    ["pt Gmail", "---------- Mensagem encaminhada ---------"],
    ["fr Gmail", "---------- Message transféré ---------"],
    ["id Gmail", "---------- Pesan yang diteruskan ---------"],
    ["de Gmail", "---------- Weitergeleitete Nachricht ---------"],
    ["en Apple Mail", "Begin forwarded message:"],
    ["es Apple Mail", "Inicio del mensaje reenviado:"],
    ["pt Apple Mail", "Início da mensagem encaminhada:"],
    ["fr Apple Mail", "Début du message réexpédié :"],
    ["de Apple Mail", "Anfang der weitergeleiteten Nachricht:"],
    ["id Apple Mail", "Awal pesan yang diteruskan:"],
    ["en Thunderbird", "-------- Forwarded Message --------"],
  ])("when the whole message is a %s forward, then the forwarded body comes without its header block", (_style, separator) => {
    const parts = extractNewText(`${separator}\n${header}\n\n${customer}\n`);
    expect(parts.newText).toBe("");
    expect(parts.forwarded).toBe(customer);
    expect(parts.forwardedHeader).toBe(header);
    expect(parts.quoted).toBe("");
  });

  it("when the partner writes above a forward, then the new text is theirs and the forward is kept apart", () => {
    const parts = extractNewText(`Please help, see below.\n\n---------- Forwarded message ---------\n${header}\n\n${customer}`);
    expect(parts.newText).toBe("Please help, see below.");
    expect(parts.forwarded).toBe(customer);
  });

  it("when the forwarded message is quoted line by line, then its header and quoting are removed", () => {
    const quoted = `${header}\n\n${customer}`.split("\n").map((l) => `> ${l}`).join("\n");
    const parts = extractNewText(`FYI\n\n---------- Forwarded message ---------\n${quoted}`);
    expect(parts.newText).toBe("FYI");
    expect(parts.forwarded).toBe(customer);
  });

  it.each([["FW: Login broken"], ["Fwd: Login broken"], ["RV: Login broken"], ["ENC: Login broken"], ["TR : Login broken"], ["WG: Login broken"]])(
    "when an Outlook header block has the subject %j, then it is a forward",
    (subject) => {
      const parts = extractNewText(`________________________________\nFrom: Customer IT <it@customer.example>\nSent: Tuesday\nTo: Ana\nSubject: ${subject}\n\n${customer}`);
      expect(parts.forwarded).toBe(customer);
      expect(parts.quoted).toBe("");
    },
  );
});

describe("extractNewText: quoted lines", () => {
  it("when a run of '>' lines follows the answer, then it is history", () => {
    const parts = extractNewText(`${NEW}\n\n> ${OLD}\n> Thanks\n`);
    expect(parts.newText).toBe(NEW);
    expect(parts.quoted).toBe(`> ${OLD}\n> Thanks`);
  });

  it("when a single '>' line quotes one sentence inside the text, then nothing is cut", () => {
    const text = `The customer says:\n> nothing works\nWe checked and it is the SSO setting.`;
    expect(extractNewText(text).newText).toBe(text);
  });

  it("when the answer is written below the quoted history, then the text below is the new text", () => {
    const parts = extractNewText(`> ${OLD}\n> Regards, Support\n\n${NEW}\n`);
    expect(parts.newText).toBe(NEW);
    expect(parts.quoted).toContain(OLD);
  });

  it("when the body is entirely quoted, then the new text is empty", () => {
    const parts = extractNewText(`> ${OLD}\n> second line\n`);
    expect(parts.newText).toBe("");
    expect(parts.quoted).toContain(OLD);
  });
});

describe("extractNewText: line endings and hostile input", () => {
  it("when the body uses CRLF, then the parts use LF and are cut the same way", () => {
    const parts = extractNewText(`${NEW}\r\n\r\nOn Tue, 3 Nov 2026 at 10:00, Ana <ana@partner.example> wrote:\r\n> ${OLD}\r\n`);
    expect(parts.newText).toBe(NEW);
    expect(parts.quoted).not.toContain("\r");
  });

  it.each([
    ["one 200,000-character line", "x".repeat(200_000)],
    ["200,000 spaces then a word", `${" ".repeat(200_000)}word`],
    ["20,000 start words", "On ".repeat(20_000)],
    ["10,000 lines starting with 'On'", "On the day\n".repeat(10_000)],
    ["10,000 'From:' lines", "From: a\n".repeat(10_000)],
    ["10,000 'Thanks,' lines", "Thanks,\n".repeat(10_000)],
  ])("when the body is %s, then it is split without a marker", (_name, text) => {
    const parts = extractNewText(text);
    expect(parts.quoted).toBe("");
    expect(parts.newText.length).toBeGreaterThan(0);
  });
});

describe("reply-markers lexicon", () => {
  const rows = (["reply", "forward"] as const).flatMap((kind) =>
    Object.values(markers.separators[kind]).flatMap((list) => list.map((separator) => [separator, kind] as const)),
  );

  it.each(rows)("when a dashed separator reads %j, then the history is a %s", (separator, kind) => {
    const parts = extractNewText(`${NEW}\n\n---------- ${separator} ----------\nFrom: Bo <bo@x.example>\nSubject: Hi\n\n${OLD}`);
    expect(parts.newText).toBe(NEW);
    expect(kind === "forward" ? parts.forwarded : parts.quoted).toContain(OLD);
  });
});
