package fr.mssnode.directory;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is who, as seen by the mail gate and the rest of the node. One interface, read by everything;
 * the store behind it is an implementation detail.
 */
public interface Directory {

    /** The account whose address (or login) this is, active or not. */
    Optional<Account> findAccount(String address);

    /** The mail domains this node is the final destination for. */
    Set<String> localDomains();

    /** The trusted operator owning this domain (exact domain match), if any. */
    Optional<TrustedOperator> trustedOperator(String domain);

    List<Account> listAccounts();

    /** The mailbox as listed in the imported MSSanté extraction, active or not. */
    Optional<Mailbox> mailbox(String address);

    /** The professional with this national identifier (8 + RPPS, or 0 + ADELI), with activities, active or not. */
    Optional<Professional> professional(String nationalId);

    /** The mailboxes the MSSanté extraction lists as this professional's (personal mailboxes), active or not. */
    List<Mailbox> mailboxesOwnedBy(String nationalId);

    List<TrustedOperator> listTrustedOperators();

    default boolean isLocalDomain(String domain) {
        return localDomains().contains(domain.toLowerCase(java.util.Locale.ROOT));
    }

    default boolean isTrustedOperator(String domain) {
        return trustedOperator(domain.toLowerCase(java.util.Locale.ROOT)).isPresent();
    }

    /**
     * Checks a login and password; an inactive account never authenticates, nor does a mailbox set to take its
     * client certificate only.
     */
    default Optional<Account> authenticate(String login, String password) {
        if (!Addresses.isValid(login)) {
            return Optional.empty();
        }
        return findAccount(login)
            .filter(Account::active)
            .filter(Account::acceptsPassword)
            .filter(account -> Passwords.verify(password, account.passwordHash()));
    }

    /** Where an address stands: one of our mailboxes, a trusted operator's, or nobody we may reach. */
    default AddressStatus classify(String address) {
        return check(address).status();
    }

    /**
     * Where an address stands, and why. A local professional or organisation mailbox is open only while the
     * MSSanté extraction lists it as active and, for a personal mailbox, its owner is an active professional.
     * Patient inboxes are this operator's own (not in the national extracts): the account decides.
     */
    default AddressCheck check(String address) {
        if (!Addresses.isValid(address)) {
            return new AddressCheck(AddressStatus.MALFORMED, "not an e-mail address");
        }
        String normalized = address.trim().toLowerCase(java.util.Locale.ROOT);
        String domain = Addresses.domainOf(normalized);
        if (!isLocalDomain(domain)) {
            return isTrustedOperator(domain)
                ? new AddressCheck(AddressStatus.TRUSTED_REMOTE, domain + " is a trusted health operator")
                : new AddressCheck(AddressStatus.UNTRUSTED_REMOTE, domain + " is not a trusted health operator");
        }
        Optional<Account> account = findAccount(normalized);
        if (account.isEmpty()) {
            return new AddressCheck(AddressStatus.LOCAL_UNKNOWN, "no such mailbox");
        }
        if (!account.get().active()) {
            return new AddressCheck(AddressStatus.LOCAL_INACTIVE, "the mailbox is disabled");
        }
        if (account.get().kind() == AccountKind.PATIENT) {
            return new AddressCheck(AddressStatus.LOCAL_ACTIVE, "a patient's secure inbox");
        }
        Optional<Mailbox> listed = mailbox(normalized);
        if (listed.isEmpty()) {
            return new AddressCheck(AddressStatus.LOCAL_NOT_LISTED,
                "the mailbox is not listed in the MSSanté directory extraction");
        }
        if (!listed.get().active()) {
            return new AddressCheck(AddressStatus.LOCAL_DELISTED,
                "the mailbox was removed from the MSSanté directory extraction");
        }
        if (listed.get().ownerNationalId().isPresent()) {
            String owner = listed.get().ownerNationalId().get();
            Optional<Professional> professional = professional(owner);
            if (professional.isEmpty()) {
                return new AddressCheck(AddressStatus.LOCAL_NOT_LISTED,
                    "its owner (national id " + owner + ") is not in the health professionals directory");
            }
            if (!professional.get().active()) {
                return new AddressCheck(AddressStatus.LOCAL_DELISTED, "its owner " + professional.get().displayName()
                    + " (national id " + owner + ") is no longer listed as an active professional in the Annuaire Santé");
            }
        }
        return new AddressCheck(AddressStatus.LOCAL_ACTIVE, "an open mailbox");
    }

    /** Whether the account logged in as {@code login} may use {@code address} as its sender. */
    default boolean ownsAddress(String login, String address) {
        if (!Addresses.isValid(login) || !Addresses.isValid(address)) {
            return false;
        }
        return findAccount(login)
            .filter(Account::active)
            .map(account -> account.address().equalsIgnoreCase(address.trim()))
            .orElse(false);
    }
}
