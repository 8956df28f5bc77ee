package fr.mssnode.mail.web.security;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import fr.mssnode.directory.Account;

/**
 * A signed-in node account, however it signed in (password, access token): its role is its kind
 * ({@code ROLE_PROFESSIONAL}, {@code ROLE_ORGANISATION}, {@code ROLE_PATIENT}), which decides the APIs it may use.
 */
public final class AccountAuthentication extends AbstractAuthenticationToken {
    private final Account account;
    private final String method;

    public AccountAuthentication(Account account, String method) {
        super(List.of(new SimpleGrantedAuthority(roleOf(account))));
        this.account = account;
        this.method = method;
        setAuthenticated(true);
    }

    /** The role Spring Security checks for this account's kind. */
    public static String roleOf(Account account) {
        return "ROLE_" + account.kind().name().toUpperCase(Locale.ROOT);
    }

    /** The account of a request that passed the API's sign-in. */
    public static Account accountOf(HttpServletRequest request) {
        if (request.getUserPrincipal() instanceof AccountAuthentication signedIn) {
            return signedIn.account;
        }
        throw new IllegalStateException("No signed-in account on " + request.getRequestURI());
    }

    public Account account() {
        return account;
    }

    /** How the account signed in: "password" or "token". */
    public String method() {
        return method;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Account getPrincipal() {
        return account;
    }

    @Override
    public String getName() {
        return account.address();
    }
}
