import { describe, expect, it } from "vitest";
import { assessConsent, findConsentGiver, findConsentReasons, readDmarc, type ConsentEvidence } from "../src/consent";

const generic = new Set(["gmail.com"]);
const evidence = (over: Partial<ConsentEvidence>): ConsentEvidence => ({ text: "", forwardedText: "", participants: ["ana@acme-partner.example"], forwardedSenders: [], ...over });

describe("findConsentReasons", () => {
  it.each([
    ["Please change the super admin of the account to maria@c.example", "super_admin_change"],
    ["Necesitamos cambiar el superadministrador de la cuenta", "super_admin_change"],
    ["Precisamos transferir a propriedade da conta", "ownership_transfer"],
    ["Le compte administrateur est bloqué, merci de débloquer le compte administrateur", "admin_unlock"],
    ["Mohon verifikasi ulang domain pelanggan kami", "domain_reverification"],
    ["Bitte das Konto löschen, der Kunde kündigt", "account_deletion"],
    ["Could you merge the accounts of both subsidiaries?", "account_merge"],
    ["The former partner refuses to release the org", "account_dispute"],
  ])("when the request says %j, then consent is required for %s", (text, kind) => {
    expect(findConsentReasons(text)[0]).toMatch(new RegExp(`^consent:${kind} — '`));
  });

  it.each(["Users cannot log in since this morning", "How do I add a custom field?", "Change the owner field of the deal layout"])("when the request says %j, then no consent is required", (text) => {
    expect(findConsentReasons(text)).toEqual([]);
  });

  // POLICY §6 as a person reads it: inflection, gender, accents, "súper administrador" /
  // "superadministrador" / "Super-Admin", word order and small gaps; the reason quotes the words.
  it.each([
    ["en", "The customer needs a new super admin because the old one left", "super_admin_change", "new super admin"],
    ["en", "Super admin change for Acme Ltd", "super_admin_change", "Super admin change"],
    ["en", "Could you make Maria the super administrator of the org?", "super_admin_change", "make Maria the super administrator"],
    ["en", "We need to change the account owner of their Zoho One subscription", "ownership_transfer", "change the account owner"],
    ["en", "Please transfer the ownership of the org to the new director", "ownership_transfer", "transfer the ownership"],
    ["en", "The super admin account is locked after too many attempts", "admin_unlock", "admin account is locked"],
    ["en", "We need to recover the super admin account, the phone number changed", "admin_unlock", "recover the super admin account"],
    ["en", "Help us regain access to the admin account", "admin_unlock", "regain access to the admin account"],
    ["en", "Please re-verify the domain acme.example for the new org", "domain_reverification", "re-verify the domain"],
    ["en", "Can you reverify the domain for us?", "domain_reverification", "reverify the domain"],
    ["en", "Please transfer the account to the new owner", "ownership_transfer", "transfer the account to the new owner"],
    ["en", "The domain is already verified in another Zoho account", "domain_reverification", "domain is already verified in another"],
    ["en", "Please delete the organization completely", "account_deletion", "delete the organization"],
    ["en", "Request to merge duplicate CRM orgs and delete the old one", "account_merge", "merge duplicate CRM orgs"],
    ["en", "The former reseller refuses to release the account", "account_dispute", "former reseller refuses"],
    ["es", "Cambio de súper administrador – Ferretería El Martillo", "super_admin_change", "Cambio de súper administrador"],
    ["es", "El cliente nos pide cambiar el súper administrador de su organización", "super_admin_change", "cambiar el súper administrador"],
    ["es", "La nueva súper administradora debe ser Marta Ríos", "super_admin_change", "nueva súper administradora"],
    ["es", "Solicitamos la transferencia de propiedad de la cuenta", "ownership_transfer", "transferencia de propiedad"],
    ["es", "La cuenta del administrador está bloqueada", "admin_unlock", "cuenta del administrador está bloqueada"],
    ["es", "Necesitamos desbloquear a la administradora", "admin_unlock", "desbloquear a la administradora"],
    ["es", "Hay que volver a verificar el dominio del cliente", "domain_reverification", "volver a verificar el dominio"],
    ["es", "El cliente quiere eliminar la cuenta de Zoho", "account_deletion", "eliminar la cuenta"],
    ["es", "Queremos fusionar las dos cuentas", "account_merge", "fusionar las dos cuentas"],
    ["es", "El antiguo socio se niega a liberar la cuenta", "account_dispute", "antiguo socio se niega"],
    ["pt", "O novo sócio precisa assumir a titularidade da conta", "ownership_transfer", "assumir a titularidade"],
    ["pt", "Precisamos alterar o superadministrador da organização", "super_admin_change", "alterar o superadministrador"],
    ["pt", "A conta do administrador está bloqueada", "admin_unlock", "conta do administrador está bloqueada"],
    ["pt", "Favor verificar o domínio novamente", "domain_reverification", "verificar o domínio novamente"],
    ["pt", "O cliente quer excluir a conta", "account_deletion", "excluir a conta"],
    ["pt", "Precisamos mesclar as contas das duas filiais", "account_merge", "mesclar as contas"],
    ["fr", "Déverrouillage du compte super administrateur – Boulangerie Lemoine", "admin_unlock", "Déverrouillage du compte super administrateur"],
    ["fr", "Nous demandons le déverrouillage du compte administrateur", "admin_unlock", "déverrouillage du compte administrateur"],
    ["fr", "Le compte super administrateur est verrouillé depuis hier", "admin_unlock", "compte super administrateur est verrouillé"],
    ["fr", "Merci de débloquer le compte de l'administrateur", "admin_unlock", "débloquer le compte de l'administrateur"],
    ["fr", "Changement de super administrateur pour notre client", "super_admin_change", "Changement de super administrateur"],
    ["fr", "Le client souhaite supprimer le compte", "account_deletion", "supprimer le compte"],
    ["fr", "Pouvez-vous fusionner les comptes ?", "account_merge", "fusionner les comptes"],
    ["fr", "Litige sur le compte avec l'ancien partenaire", "account_dispute", "Litige sur le compte"],
    ["id", "Pelanggan ingin ganti super admin", "super_admin_change", "ganti super admin"],
    ["id", "Akun admin terkunci sejak pagi", "admin_unlock", "Akun admin terkunci"],
    ["id", "Mohon reset password super admin pelanggan", "admin_unlock", "reset password super admin"],
    ["id", "Domain sudah dipakai oleh akun lain", "domain_reverification", "Domain sudah dipakai oleh akun lain"],
    ["id", "Mohon hapus organisasi lama pelanggan", "account_deletion", "hapus organisasi"],
    ["id", "Tolong gabungkan akun pelanggan", "account_merge", "gabungkan akun"],
    ["id", "Pengalihan kepemilikan akun ke direktur baru", "ownership_transfer", "Pengalihan kepemilikan"],
    ["de", "Super-Admin ändern für Möbelhaus Linde", "super_admin_change", "Super-Admin ändern"],
    ["de", "Wir bitten um den Wechsel des Super-Administrators", "super_admin_change", "Wechsel des Super-Administrators"],
    ["de", "Der Super-Admin soll auf Frau Schulz geändert werden", "super_admin_change", "Super-Admin soll auf Frau Schulz geändert werden"],
    ["de", "Bitte das Admin-Konto entsperren", "admin_unlock", "Admin-Konto entsperren"],
    ["de", "Das Administratorkonto ist gesperrt", "admin_unlock", "Administratorkonto ist gesperrt"],
    ["de", "Die Domain muss erneut verifiziert werden", "domain_reverification", "Domain muss erneut verifiziert"],
    ["de", "Bitte die Konten zusammenführen", "account_merge", "Konten zusammenführen"],
    ["de", "Inhaberwechsel beim Kunden", "ownership_transfer", "Inhaberwechsel"],
  ])("when a %s request says %j, then consent is required for %s, quoting %j", (_language, text, kind, words) => {
    expect(findConsentReasons(text)[0]).toBe(`consent:${kind} — '${words}'`);
  });

  it.each([
    ["en", "The admin cannot see the report"],
    ["en", "Please add a new user to the CRM"],
    ["en", "How do I delete a record in the Deals module?"],
    ["en", "Delete the field and the workflow from the layout"],
    ["en", "The merge tags show the wrong first name"],
    ["en", "How do we change the owner field of a deal?"],
    ["en", "Transfer ownership of the leads to Maria"],
    ["en", "Super admin email: it.admin@kiwi.example"],
    ["en", "The super admin cannot access the account either"],
    ["en", "Even after the admin reset passwords for two test users"],
    ["en", "Customer wants to pay by bank transfer"],
    ["en", "Please remove John from the org, he left"],
    ["en", "Unlock the fields for admin users"],
    ["en", "How do I delete an expense account in Zoho Books?"],
    ["es", "El administrador no puede ver el informe"],
    ["es", "Quiero agregar un nuevo usuario"],
    ["es", "¿Cómo elimino un registro?"],
    ["es", "Superadministrador: direccion.ti@grupoaltamira.example"],
    ["es", "Quieren pagar la renovación por transferencia SPEI"],
    ["es", "Cambiar el propietario de un trato"],
    ["es", "El administrador ha bloqueado el campo para los usuarios"],
    ["pt", "O administrador não consegue ver o relatório"],
    ["pt", "Como alterar o proprietário do negócio?"],
    ["pt", "Adicionar um novo usuário"],
    ["fr", "L'administrateur ne voit pas le rapport"],
    ["fr", "L'administrateur a bloqué le champ"],
    ["fr", "Supprimer un enregistrement"],
    ["id", "Admin tidak bisa melihat laporan"],
    ["id", "Menambahkan pengguna baru"],
    ["id", "Hapus record di modul Deals"],
    ["de", "Der Admin kann den Bericht nicht sehen"],
    ["de", "Der Super-Admin kann das nicht ändern"],
    ["de", "Einen Datensatz löschen"],
    ["de", "Der Admin hat den Benutzer gesperrt"],
  ])("when an ordinary %s request says %j, then no consent is required", (_language, text) => {
    expect(findConsentReasons(text)).toEqual([]);
  });

  it("when a request names several admin-level changes, then each kind is a reason once, in text order", () => {
    const text = "Please merge the old org into the main one, then delete the old account and merge the orgs again.";
    expect(findConsentReasons(text)).toEqual(["consent:account_merge — 'merge the old org'", "consent:account_deletion — 'delete the old account'"]);
  });
});

describe("findConsentGiver (written consent)", () => {
  it.each([
    ["en", "I authorize this change. — Maria", "I authorize"],
    ["en", "I hereby authorise Acme to change the super admin", "I hereby authorise"],
    ["en", "We give our consent to the transfer", "We give our consent"],
    ["es", "Yo, Marta Ríos, autorizo el cambio del súper administrador", "autorizo"],
    ["es", "Doy mi consentimiento para la transferencia", "Doy mi consentimiento"],
    ["pt", "Eu autorizo a transferência", "autorizo"],
    ["pt", "Concordo com a alteração do proprietário", "Concordo com a alteração"],
    ["fr", "J'autorise Cloud Conseil à demander le déverrouillage", "J'autorise"],
    ["fr", "Je donne mon accord pour le changement", "Je donne mon accord"],
    ["fr", "Nous sommes d'accord avec le changement", "Nous sommes d'accord avec le changement"],
    ["id", "Saya menyetujui perubahan super admin", "Saya menyetujui"],
    ["id", "Dengan ini kami menyetujui pengalihan", "kami menyetujui"],
    ["de", "Ich stimme der Änderung des Super-Admins auf Frau Schulz zu", "Ich stimme der Änderung des Super-Admins auf Frau Schulz zu"],
    ["de", "Hiermit stimme ich der Übertragung zu", "stimme ich der Übertragung zu"],
    [
      "de",
      "Ich stimme der Übertragung der Super-Admin-Rolle von Tobias Krause auf Anja Schulz zu",
      "Ich stimme der Übertragung der Super-Admin-Rolle von Tobias Krause auf Anja Schulz zu",
    ],
    ["de", "Ich bin damit einverstanden", "Ich bin damit einverstanden"],
    ["de", "Hiermit erteile ich meine Zustimmung", "erteile ich meine Zustimmung"],
  ])("when the %s message says %j, then consent is written as %j", (_language, text, words) => {
    expect(findConsentGiver(evidence({ text, participants: [] }), null, generic)).toBe(`written: '${words}'`);
  });

  it.each([
    ["en", "I do not authorize this change"],
    ["en", "I don't agree to the change"],
    ["en", "How do I authorize the API connection?"],
    ["en", "The customer has authorized it verbally"],
    ["es", "No autorizo el cambio"],
    ["pt", "Não autorizo a alteração"],
    ["fr", "Je n'autorise pas ce changement"],
    ["id", "Saya tidak setuju"],
    ["de", "Ich stimme der Änderung nicht zu"],
    ["de", "Ich stimme Ihnen zu, das Problem ist seltsam"],
    ["de", "Ich stimme mich mit dem Kunden ab und melde mich morgen zu dem Thema"],
    ["de", "Ich bin nicht einverstanden"],
  ])("when the %s message says %j, then no consent is written", (_language, text) => {
    expect(findConsentGiver(evidence({ text, participants: [] }), null, generic)).toBeNull();
  });

  it("when the consent is only in a forwarded message, then it still counts", () => {
    expect(findConsentGiver(evidence({ forwardedText: "Ich bin einverstanden.", participants: [] }), null, generic)).toBe("written: 'Ich bin einverstanden'");
  });
});

describe("assessConsent", () => {
  const text = "Please change the super admin to maria@customer.example";
  it.each([
    ["nobody from the customer", {}, "it@customer.example", false],
    ["the customer on Cc", { participants: ["ana@acme-partner.example", "it@customer.example"] }, "it@customer.example", true],
    ["a colleague of the customer's company on Cc", { participants: ["boss@customer.example"] }, "it@customer.example", true],
    ["a different gmail user for a gmail customer", { participants: ["other@gmail.com"] }, "cust@gmail.com", false],
    ["the gmail customer themself", { participants: ["cust@gmail.com"] }, "cust@gmail.com", true],
    ["the customer's forwarded mail", { forwardedSenders: ["it@customer.example"] }, "it@customer.example", true],
    ["written consent", { text: `${text}\nI authorize this change. — Maria` }, "it@customer.example", true],
    ["written consent in German", { text: `${text}\nIch stimme der Änderung zu.` }, null, true],
  ] as const)("when the evidence is %s, then present is %s", (_what, over, customer, present) => {
    const consent = assessConsent(evidence({ text, ...over }), customer, generic, false, "2026-11-20T20:00:00.000Z");
    expect(consent.required).toBe(true);
    expect(consent.present).toBe(present);
  });

  it("when the message failed DMARC, then even the customer on Cc does not count", () => {
    const consent = assessConsent(evidence({ text, participants: ["it@customer.example"] }), "it@customer.example", generic, true, "2026-11-20T20:00:00.000Z");
    expect(consent).toMatchObject({ required: true, present: false });
  });
});

describe("readDmarc", () => {
  const ours = "mx.mailtriage.example; spf=pass smtp.mailfrom=acme-partner.example; dmarc=fail (p=reject) header.from=acme-partner.example";
  const forged = "evil.example; dmarc=pass header.from=acme-partner.example";
  it.each([
    ["the topmost header only by default", [ours, forged], [], "fail"],
    ["a forged header below ours is ignored", [ours, forged], [], "fail"],
    ["a forged header above is used when nothing is trusted", [forged, ours], [], "pass"],
    ["only trusted authserv-ids count", [forged, ours], ["mx.mailtriage.example"], "fail"],
    ["no trusted header at all", [forged], ["mx.mailtriage.example"], null],
    ["no DMARC in the header", ["mx.mailtriage.example; spf=pass"], [], null],
  ] as const)("when reading %s, then the result is %s", (_what, headers, trusted, expected) => {
    expect(readDmarc(headers, trusted)?.result ?? null).toBe(expected);
  });
});
