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

    List<TrustedOperator> listTrustedOperators();

    default boolean isLocalDomain(String domain) {
        return localDomains().contains(domain.toLowerCase(java.util.Locale.ROOT));
    }

    default boolean isTrustedOperator(String domain) {
        return trustedOperator(domain.toLowerCase(java.util.Locale.ROOT)).isPresent();
    }

    /** Checks a login and password; an inactive account never authenticates. */
    default Optional<Account> authenticate(String login, String password) {
        if (!Addresses.isValid(login)) {
            return Optional.empty();
        }
        return findAccount(login)
            .filter(Account::active)
            .filter(account -> Passwords.verify(password, account.passwordHash()));
    }

    /** Where an address stands: one of our mailboxes, a trusted operator's, or nobody we may reach. */
    default AddressStatus classify(String address) {
        if (!Addresses.isValid(address)) {
            return AddressStatus.MALFORMED;
        }
        String domain = Addresses.domainOf(address);
        if (isLocalDomain(domain)) {
            return findAccount(address)
                .map(account -> account.active() ? AddressStatus.LOCAL_ACTIVE : AddressStatus.LOCAL_INACTIVE)
                .orElse(AddressStatus.LOCAL_UNKNOWN);
        }
        return isTrustedOperator(domain) ? AddressStatus.TRUSTED_REMOTE : AddressStatus.UNTRUSTED_REMOTE;
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
