import { describe, expect, it } from "vitest";
import lexicon from "../src/lexicon/severity-signals.json" with { type: "json" };
import { findSignals, type SignalKind } from "../src/severity";

const LANGUAGES = ["en", "es", "pt", "fr", "id", "de"];

function kindsIn(text: string): SignalKind[] {
  return [...new Set(findSignals(text).map((s) => s.kind))];
}

describe("findSignals in six languages (POLICY §5)", () => {
  it.each([
    // login problems
    ["login", "Since this morning our users can't log in to Zoho CRM.", "can't log in"],
    ["login", "We cannot login since the update", "cannot login"],
    ["login", "Staff are unable to sign in with SSO", "unable to sign in"],
    ["login", "Login fails with 'invalid session'", "Login fails"],
    ["login", "Los usuarios no pueden iniciar sesión desde ayer", "no pueden iniciar sesión"],
    ["login", "Os usuários não conseguem fazer login no Zoho Desk", "não conseguem fazer login"],
    ["login", "Impossible de se connecter au CRM depuis ce matin", "Impossible de se connecter"],
    ["login", "Les agents n'arrivent pas à se connecter", "n'arrivent pas à se connecter"],
    ["login", "Pengguna tidak bisa login sejak pagi", "tidak bisa login"],
    ["login", "Die Mitarbeiter können sich nicht anmelden", "können sich nicht anmelden"],
    ["login", "Die Benutzer können sich seit heute nicht mehr anmelden", "können sich seit heute nicht mehr anmelden"],
    ["login", "Anmeldung schlägt fehl", "Anmeldung schlägt fehl"],
    // outage / downtime
    ["outage", "Zoho Desk is down for us", "Zoho Desk is down"],
    ["outage", "Major outage in EU datacenter", "outage"],
    ["outage", "The website is completely unavailable", "website is completely unavailable"],
    ["outage", "Caída total del servicio", "Caída"],
    ["outage", "El sistema está caído", "sistema está caído"],
    ["outage", "O CRM está fora do ar", "CRM está fora do ar"],
    ["outage", "Panne générale du CRM", "Panne"],
    ["outage", "Aplikasi tidak dapat diakses sama sekali", "tidak dapat diakses"],
    ["outage", "Totaler Ausfall seit 9 Uhr", "Ausfall"],
    ["outage", "Serverausfall seit 9 Uhr", "Serverausfall"],
    ["outage", "Das CRM ist nicht erreichbar", "CRM ist nicht erreichbar"],
    // data integrity
    ["data_integrity", "We have data loss after the import", "data loss"],
    ["data_integrity", "Records are being duplicated by the sync", "Records are being duplicated"],
    ["data_integrity", "Possible data corruption in invoices", "data corruption"],
    ["data_integrity", "Pérdida de datos tras la migración", "Pérdida de datos"],
    ["data_integrity", "Registros duplicados en el módulo", "Registros duplicados"],
    ["data_integrity", "Perda de dados no módulo de vendas", "Perda de dados"],
    ["data_integrity", "Perte de données après la mise à jour", "Perte de données"],
    ["data_integrity", "Data pelanggan hilang", "Data pelanggan hilang"],
    ["data_integrity", "Datenverlust nach dem Update", "Datenverlust"],
    // all users
    ["all_users", "This affects all users in the org", "all users"],
    ["all_users", "Afecta a todos los usuarios", "todos los usuarios"],
    ["all_users", "Afeta todos os usuários", "todos os usuários"],
    ["all_users", "Tous les utilisateurs sont bloqués", "Tous les utilisateurs"],
    ["all_users", "Semua pengguna terdampak", "Semua pengguna"],
    ["all_users", "Betrifft alle Benutzer", "alle Benutzer"],
    // slowness
    ["slowness", "CRM has been very slow all week", "been very slow"],
    ["slowness", "Lentitud extrema al abrir tratos", "Lentitud"],
    ["slowness", "Lentidão ao carregar relatórios", "Lentidão"],
    ["slowness", "Lenteur importante sur les rapports", "Lenteur"],
    ["slowness", "Sistem sangat lambat", "lambat"],
    ["slowness", "Das System ist extrem langsam", "langsam"],
    // incorrect results (severity 2)
    ["incorrect_results", "The report shows wrong totals", "shows wrong totals"],
    ["incorrect_results", "El informe calcula mal los impuestos", "calcula mal"],
    ["incorrect_results", "Relatório com valores incorretos", "valores incorretos"],
    ["incorrect_results", "Résultats incorrects dans le tableau de bord", "Résultats incorrects"],
    ["incorrect_results", "Laporan memberi hasil salah", "hasil salah"],
    ["incorrect_results", "Der Bericht liefert falsche Werte", "falsche Werte"],
    // performance inconsistent with the documentation (severity 2)
    ["performance", "The API does not match the documentation", "does not match the documentation"],
    ["performance", "Der Export entspricht nicht der Dokumentation", "entspricht nicht der Dokumentation"],
    // how-to
    ["howto", "How do I add a field to the layout?", "How do I"],
    ["howto", "How to merge two accounts", "How to"],
    ["howto", "¿Cómo puedo exportar los contactos?", "Cómo puedo"],
    ["howto", "Como faço para exportar contatos?", "Como faço"],
    ["howto", "Comment puis-je exporter les contacts ?", "Comment puis-je"],
    ["howto", "Bagaimana cara export kontak?", "Bagaimana cara"],
    ["howto", "Wie kann ich Kontakte exportieren?", "Wie kann ich Kontakte exportieren"],
    ["howto", "Comment configurer cela dans Zoho Desk?", "Comment configurer"],
    ["howto", "¿Cómo configurar la asignación automática?", "Cómo configurar"],
    ["howto", "Wie lässt sich das automatisieren?", "Wie lässt sich das automatisieren"],
    // customization / scripting
    ["customization", "Need help writing a Deluge function for deals", "help writing a Deluge function"],
    ["customization", "Can you send sample code for the webhook?", "sample code"],
    ["customization", "Ayuda con la integración de la API", "Ayuda con la integración"],
    ["customization", "Aide pour l'intégration avec Shopify", "Aide pour l'intégration"],
    ["customization", "Wir möchten eine Funktion schreiben", "Funktion schreiben"],
    // feature requests
    ["feature_request", "Feature request: bulk edit for tags", "Feature request"],
    ["feature_request", "We would like a new feature for exports", "would like a new feature"],
    ["feature_request", "Solicitud de función: etiquetas masivas", "Solicitud de función"],
    ["feature_request", "Sugestão de funcionalidade para relatórios", "Sugestão de funcionalidade"],
    ["feature_request", "Demande de fonctionnalité : étiquettes", "Demande de fonctionnalité"],
    ["feature_request", "Permintaan fitur untuk laporan", "Permintaan fitur"],
    ["feature_request", "Funktionswunsch: Massenbearbeitung", "Funktionswunsch"],
    // product limitations
    ["limitation", "Is this a product limitation?", "limitation"],
    ["limitation", "Custom fonts are not supported", "not supported"],
    ["limitation", "¿Es una limitación del producto?", "limitación"],
    ["limitation", "É uma limitação do Zoho?", "limitação"],
    ["limitation", "C'est une limite du produit ?", "limite du produit"],
    ["limitation", "Apakah ini keterbatasan produk?", "keterbatasan"],
    ["limitation", "Ist das eine Einschränkung?", "Einschränkung"],
    ["limitation", "Cette option n'est pas prise en charge", "n'est pas prise en charge"],
  ])("when the text signals %s (%s), then it quotes the original words", (kind, text, words) => {
    expect(findSignals(text)).toContainEqual(expect.objectContaining({ kind, words }));
  });

  it.each([
    ["download the report", "outage"],
    ["the shutdown script runs nightly", "outage"],
    ["the drop-down is empty", "outage"],
    ["Please scroll down to the last section", "outage"],
    ["Revenue is down by 10% this quarter", "outage"],
    ["Revenue went down last quarter", "outage"],
    ["We need to send an email to all users about the change", "all_users"],
    ["Please let me know how to proceed", "howto"],
    ["There was no outage, the server is not down", "outage"],
    ["Kein Ausfall, nur eine Frage", "outage"],
    ["It is not slow at all", "slowness"],
    ["Please reply by tomorrow at the latest, paling lambat besok", "slowness"],
    ["Not all users are affected, only one", "all_users"],
    ["No data loss occurred", "data_integrity"],
    ["Est-il possible de reproduire le problème ? Oui", "howto"],
    ["Steps: how to reproduce: open the deal", "howto"],
    ["No es posible guardar el registro", "howto"],
    ["This is not a feature request", "feature_request"],
  ])("when the text is %j, then no %s signal fires", (text, kind) => {
    expect(kindsIn(text)).not.toContain(kind);
  });

  it("when the mail text is decomposed (NFD accents), then signals still match and quote it as written", () => {
    const text = "Os usuários não conseguem fazer login".normalize("NFD");
    expect(findSignals(text)).toEqual([{ kind: "login", severity: 1, words: "não conseguem fazer login".normalize("NFD") }]);
  });

  it("when the words are wrapped over two lines, then the quote reads as one line", () => {
    expect(findSignals("our users cannot\n  log in")).toEqual([{ kind: "login", severity: 1, words: "cannot log in" }]);
  });

  it("when a wildcard word is absurdly long, then its quote is cut", () => {
    const [signal] = findSignals(`very slow${"w".repeat(100_000)}`);
    expect(signal?.kind).toBe("slowness");
    expect(signal?.words.length).toBeLessThanOrEqual(201);
  });

  it("when the same words repeat thousands of times, then they are reported once", () => {
    const text = "outage ".repeat(25_000);
    expect(findSignals(text)).toEqual([{ kind: "outage", severity: 1, words: "outage" }]);
  });

  it("when hostile input is one 200,000-character line, then it finds nothing and returns", () => {
    expect(findSignals("a".repeat(200_000))).toEqual([]);
    expect(findSignals("how ".repeat(50_000))).toEqual([]);
  });

  it("when the lexicon is read, then every kind has phrases in all six languages", () => {
    for (const [kind, entry] of Object.entries(lexicon.kinds)) {
      for (const language of LANGUAGES) {
        expect(entry.phrases[language as keyof typeof entry.phrases], `${kind}/${language}`).not.toHaveLength(0);
      }
    }
  });
});
