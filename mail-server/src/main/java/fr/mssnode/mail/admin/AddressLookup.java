package fr.mssnode.mail.admin;

import java.io.PrintStream;
import java.util.Optional;

import fr.mssnode.directory.AddressCheck;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.Mailbox;
import fr.mssnode.directory.Professional;
import fr.mssnode.directory.trust.Certificates;

/** What the directory says about an address, as the mail gate sees it and with its listing. */
final class AddressLookup {
    private final Directory directory;
    private final Certificates certificates;

    AddressLookup(Directory directory, Certificates certificates) {
        this.directory = directory;
        this.certificates = certificates;
    }

    void print(String address, PrintStream out) {
        AddressCheck check = directory.check(address);
        out.println(address + ": " + check.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
            + " (" + check.reason() + ")");
        directory.findAccount(address).ifPresent(account ->
            out.println("  account: " + account.kind().label() + ", " + (account.active() ? "enabled" : "disabled")
                + ", " + account.displayName()));
        Optional<Mailbox> mailbox = directory.mailbox(address);
        mailbox.ifPresent(m -> out.println("  MSSanté mailbox: " + m.type() + (m.active() ? "" : " (removed from the extraction)")
            + (m.structureName() == null || m.structureName().isBlank() ? "" : ", " + m.structureName())
            + (m.service() == null || m.service().isBlank() ? "" : ", " + m.service())));
        mailbox.flatMap(Mailbox::ownerNationalId).flatMap(directory::professional).ifPresent(p -> print(p, out));
        certificates.forMailbox(address).forEach(c -> out.println("  " + c.usage().label() + " certificate: " + c.subject()
            + ", until " + c.notAfter().toString().substring(0, 10) + ", sha256 " + c.sha256()));
    }

    private static void print(Professional p, PrintStream out) {
        out.println("  owner: " + p.displayName() + ", " + p.professionLabel()
            + (p.specialtyLabel() == null || p.specialtyLabel().isBlank() ? "" : " (" + p.specialtyLabel() + ")")
            + ", national id " + p.nationalId() + (p.active() ? "" : ", DEACTIVATED in the Annuaire Santé"));
        p.activities().forEach(a -> out.println("    " + a.structureName() + ", " + a.postcode() + " " + a.city()));
    }
}
