package fr.mssnode.dossier.access;

import java.util.Locale;
import java.util.Optional;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.AddressStatus;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.Mailbox;
import fr.mssnode.directory.Professional;

/**
 * Turns a signed-in account into a {@link Viewer}, from the directory: a professional's national id is the owner of
 * their listed personal mailbox; a patient's INS is the local part of their secure-inbox address.
 */
public class Viewers {
    private final Directory directory;
    private final String patientDomain;

    public Viewers(Directory directory, String patientDomain) {
        this.directory = directory;
        this.patientDomain = patientDomain.toLowerCase(Locale.ROOT);
    }

    public Viewer of(Account account) {
        String address = account.address().toLowerCase(Locale.ROOT);
        if (account.kind() == AccountKind.PATIENT) {
            return new Viewer(Viewer.Kind.PATIENT, address, Optional.empty(), account.displayName(), false, insOf(address));
        }
        Optional<String> nationalId = directory.mailbox(address).flatMap(Mailbox::ownerNationalId);
        Optional<Professional> professional = nationalId.flatMap(directory::professional);
        String name = professional.map(Professional::displayName).orElse(account.displayName());
        boolean active = account.kind() == AccountKind.PROFESSIONAL && professional.map(Professional::active).orElse(false)
            && directory.check(address).status() == AddressStatus.LOCAL_ACTIVE;
        Viewer.Kind kind = account.kind() == AccountKind.ORGANISATION ? Viewer.Kind.ORGANISATION : Viewer.Kind.PROFESSIONAL;
        return new Viewer(kind, address, nationalId, name, active, Optional.empty());
    }

    /** {@code <INS>@patient.<domain>}: the INS, when the address is of that form. */
    private Optional<String> insOf(String address) {
        int at = address.indexOf('@');
        if (at < 0 || !address.substring(at + 1).equals(patientDomain)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Ins(address.substring(0, at)).matricule());
        } catch (DirectoryException e) {
            return Optional.empty();
        }
    }
}
