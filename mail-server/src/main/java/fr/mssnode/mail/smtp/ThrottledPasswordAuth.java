package fr.mssnode.mail.smtp;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.directory.signin.SignInVerdict;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * AUTH PLAIN and LOGIN on submission, throttled: the {@link SignInThrottle} says whether the password is checked
 * at all (after repeated failures from the client's address, not yet: {@code 454 4.7.0} with the wait; after too
 * many, the account is locked for that address: {@code 535 5.7.8} with the time it ends), every outcome is
 * reported back to it, and a wrong password gets {@code 535 5.7.8} with a sentence. Token sign-in (SASL) is
 * left to the next hook.
 */
public class ThrottledPasswordAuth implements AuthHook {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final SignInThrottle throttle;
    private final UsersRepository users;
    private final Directory directory;
    private final OperatorTrace trace;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public ThrottledPasswordAuth(SignInThrottle throttle, UsersRepository users, Directory directory, OperatorTrace trace) {
        this.throttle = throttle;
        this.users = users;
        this.directory = directory;
        this.trace = trace;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        String login = username.asString();
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        SignInVerdict verdict = throttle.before(login, client);
        if (!(verdict instanceof SignInVerdict.Proceed)) {
            return traced(login, client, TraceEvent.Action.SIGN_IN_REFUSED, refusal(verdict, "your password was not checked"));
        }
        if (directory.findAccount(login).filter(account -> !account.acceptsPassword()).isPresent()) {
            return traced(login, client, TraceEvent.Action.SIGN_IN_REFUSED,
                Refusals.permanent("535", "5.7.8", CertificateSignIn.PASSWORD_REFUSED));
        }
        boolean valid;
        try {
            valid = users.test(username, password);
        } catch (UsersRepositoryException e) {
            return Refusals.temporary("4.7.0", "The account could not be checked just now; try again in a minute.");
        }
        if (valid) {
            throttle.succeeded(login, client);
            session.setUsername(username);
            session.setRelayingAllowed(true);
            return traced(login, client, TraceEvent.Action.SIGN_IN, HookResult.builder().hookReturnCode(HookReturnCode.ok())
                .smtpReturnCode("235").smtpDescription("2.7.0 Authentication successful").build());
        }
        SignInVerdict next = throttle.failed(login, client);
        return traced(login, client, TraceEvent.Action.SIGN_IN_FAILED, next instanceof SignInVerdict.Locked
            ? refusal(next, "wrong address or password")
            : Refusals.permanent("535", "5.7.8", "Authentication failed: wrong address or password."));
    }

    private HookResult traced(String login, String client, TraceEvent.Action action, HookResult answer) {
        trace.record(login, client, "SMTP", action, List.of(login), "AUTH (password)",
            answer.getSmtpRetCode() + " " + answer.getSmtpDescription());
        return answer;
    }

    private HookResult refusal(SignInVerdict verdict, String outcome) {
        if (verdict instanceof SignInVerdict.Locked locked) {
            return Refusals.permanent("535", "5.7.8", "Authentication failed (" + outcome + "): too many failed sign-ins"
                + " for this account from your address; it is locked from here until " + TIME.format(locked.until())
                + " (" + locked.secondsFrom(clock.instant()) + " s). Your administrator can unlock it.");
        }
        SignInVerdict.Wait wait = (SignInVerdict.Wait) verdict;
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.denySoft())
            .smtpReturnCode("454")
            .smtpDescription("4.7.0 " + Refusals.ascii("Too many failed sign-ins from your address (" + outcome
                + "): try again in " + wait.seconds() + " s."))
            .build();
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration configuration, String initialResponse) {
        return HookResult.DECLINED;
    }
}
