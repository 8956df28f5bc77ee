package fr.mssnode.mail.oidc;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.AddressStatus;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.Mailbox;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.directory.signin.SignInVerdict;

/**
 * Decides whether an access token opens a mailbox: the token must be valid ({@link AccessTokens}), the mailbox
 * open, and the MSSanté directory must list it as the personal mailbox of the professional the token names (its
 * national identifier). When the client names no mailbox, the professional's only open mailbox on this node is
 * meant. Failures count in the same {@link SignInThrottle} as passwords, per mailbox and client address.
 */
public class TokenSignIn {
    /** What the throttle counts when the client named no mailbox. */
    private static final String UNNAMED = "(token)";

    private final Optional<AccessTokens> tokens;
    private final Directory directory;
    private final SignInThrottle throttle;
    private final Clock clock;

    public TokenSignIn(Optional<AccessTokens> tokens, Directory directory, SignInThrottle throttle, Clock clock) {
        this.tokens = tokens;
        this.directory = directory;
        this.throttle = throttle;
        this.clock = clock;
    }

    /** Whether the node takes tokens at all (an OpenID provider is configured). */
    public boolean enabled() {
        return tokens.isPresent();
    }

    /** The provider, for the error challenge of SASL OAUTHBEARER. */
    public Optional<ProviderSettings> provider() {
        return tokens.map(AccessTokens::provider);
    }

    public sealed interface Verdict permits SignedIn, Refused {
    }

    /** The token opens this account's mailbox, until it expires. */
    public record SignedIn(Account account, String nationalId, java.time.Instant expiresAt) implements Verdict {
    }

    /** Why a token was refused: wrong for this mailbox, too many failures (wait, or locked), or not checkable now. */
    public enum Reason { WRONG, WAIT, LOCKED, UNAVAILABLE }

    /** Refused, with a sentence for the client, and when trying again makes sense (0: not before something changes). */
    public record Refused(String sentence, Reason reason, long retryAfterSeconds) implements Verdict {
    }

    public Verdict signIn(String token, Optional<String> mailbox, String clientAddress) {
        if (tokens.isEmpty()) {
            return new Refused("Token sign-in is not offered by this node.", Reason.WRONG, 0);
        }
        String login = mailbox.map(m -> m.trim().toLowerCase(Locale.ROOT)).orElse(UNNAMED);
        SignInVerdict verdict = throttle.before(login, clientAddress);
        if (!(verdict instanceof SignInVerdict.Proceed)) {
            return throttled(verdict, "your token was not checked");
        }
        AccessTokens.Holder holder;
        try {
            holder = tokens.get().verify(token);
        } catch (TokenRefused refused) {
            return refused.temporary() ? new Refused(refused.getMessage(), Reason.UNAVAILABLE, 60)
                : failed(login, clientAddress, refused.getMessage());
        }
        Optional<Account> account = mailbox.isPresent()
            ? owned(login, holder.nationalId())
            : onlyMailboxOf(holder.nationalId());
        if (account.isEmpty()) {
            String sentence = mailbox.isPresent()
                ? "The directory does not list " + login + " as an open mailbox of the professional " + holder.nationalId()
                    + " who holds this token."
                : "Name the mailbox to open (the professional " + holder.nationalId()
                    + " has no single open mailbox on this node).";
            return failed(login, clientAddress, sentence);
        }
        throttle.succeeded(account.get().address(), clientAddress);
        return new SignedIn(account.get(), holder.nationalId(), holder.expiresAt());
    }

    private Optional<Account> owned(String address, String nationalId) {
        Optional<Mailbox> listed = directory.mailbox(address);
        if (listed.isEmpty() || !listed.get().ownerNationalId().map(nationalId::equals).orElse(false)) {
            return Optional.empty();
        }
        if (directory.check(address).status() != AddressStatus.LOCAL_ACTIVE) {
            return Optional.empty();
        }
        return directory.findAccount(address).filter(Account::active);
    }

    private Optional<Account> onlyMailboxOf(String nationalId) {
        List<Account> open = directory.mailboxesOwnedBy(nationalId).stream()
            .map(Mailbox::address)
            .map(address -> owned(address, nationalId))
            .flatMap(Optional::stream)
            .toList();
        return open.size() == 1 ? Optional.of(open.get(0)) : Optional.empty();
    }

    private Refused failed(String login, String clientAddress, String sentence) {
        SignInVerdict next = throttle.failed(login, clientAddress);
        if (next instanceof SignInVerdict.Locked) {
            return throttled(next, sentence);
        }
        return new Refused(sentence, Reason.WRONG, 0);
    }

    private Refused throttled(SignInVerdict verdict, String outcome) {
        if (verdict instanceof SignInVerdict.Locked locked) {
            return new Refused("Too many failed sign-ins for this mailbox from your address (" + outcome + "): it is locked"
                + " from here until " + locked.until() + ". Your administrator can unlock it.", Reason.LOCKED,
                locked.secondsFrom(clock.instant()));
        }
        long seconds = ((SignInVerdict.Wait) verdict).seconds();
        return new Refused("Too many failed sign-ins from your address (" + outcome + "): try again in " + seconds + " s.",
            Reason.WAIT, seconds);
    }
}
