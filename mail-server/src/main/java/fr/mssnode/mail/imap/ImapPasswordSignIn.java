package fr.mssnode.mail.imap;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.response.ImmutableStatusResponse;
import org.apache.james.imapserver.netty.ImapChannelUpstreamHandler;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.BadCredentialsException;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.util.MDCBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.directory.signin.SignInVerdict;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * LOGIN and AUTHENTICATE PLAIN, throttled: the {@link SignInThrottle} says whether the password is checked at all,
 * hears every outcome, and a refusal is {@code NO [AUTHENTICATIONFAILED]} (RFC 5530) with a sentence saying why
 * (wrong password, try again in N s, locked from this address until). Used by both of the node's auth processors.
 */
final class ImapPasswordSignIn {
    private static final Logger LOGGER = LoggerFactory.getLogger(ImapPasswordSignIn.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    /** Checks the credentials: a session, or {@link BadCredentialsException}. */
    @FunctionalInterface
    interface Check {
        MailboxSession authenticate() throws MailboxException;
    }

    /** James's INBOX provisioning, done for a session that has just signed in. */
    @FunctionalInterface
    interface Provision {
        void inboxOf(MailboxSession signedIn) throws MailboxException;
    }

    private final SignInThrottle throttle;
    private final Directory directory;
    private final OperatorTrace trace;
    private final Clock clock = Clock.systemUTC();

    ImapPasswordSignIn(SignInThrottle throttle, Directory directory, OperatorTrace trace) {
        this.throttle = throttle;
        this.directory = directory;
        this.trace = trace;
    }

    /** Checks, answers, and on success makes the IMAP session authenticated (as James's own processors do). */
    void signIn(Username login, ImapSession session, ImapRequest request, Responder responder, Check check,
                Provision provision) {
        Optional<MailboxSession> signedIn = check(login, session, request, responder, check);
        if (signedIn.isEmpty()) {
            return;
        }
        complete(signedIn.get(), session, request, responder, provision);
    }

    /** The session is signed in: James's INBOX provisioning, then the tagged OK. */
    static void complete(MailboxSession signedIn, ImapSession session, ImapRequest request, Responder responder,
                         Provision provision) {
        session.authenticated();
        session.setMailboxSession(signedIn);
        try {
            provision.inboxOf(signedIn);
        } catch (MailboxException e) {
            LOGGER.warn("The INBOX of {} could not be created", signedIn.getUser().asString(), e);
        }
        responder.respond(new ImmutableStatusResponse(StatusResponse.Type.OK, request.getTag(), request.getCommand(),
            HumanReadableText.COMPLETED, null));
        responder.flush();
        session.stopDetectingCommandInjection();
    }

    /**
     * Opens the mailbox session of an account whose sign-in was decided elsewhere (token, certificate) and completes
     * the sign-in; false, after a {@code NO [UNAVAILABLE]}, when the session could not be opened.
     */
    static boolean completeAs(String address, MailboxManager mailboxes, ImapSession session, ImapRequest request,
                              Responder responder, Provision provision) {
        MailboxSession mailboxSession;
        try {
            mailboxSession = mailboxes.authenticate(Username.of(address)).withoutDelegation();
        } catch (Exception e) {
            LOGGER.warn("The mailbox session of {} could not be opened", address, e);
            responder.respond(new ImmutableStatusResponse(StatusResponse.Type.NO, request.getTag(), null,
                new HumanReadableText("fr.mssnode.signin.unavailable",
                    "[UNAVAILABLE] The mailbox could not be opened just now; try again in a minute."), null));
            responder.flush();
            return false;
        }
        complete(mailboxSession, session, request, responder, provision);
        return true;
    }

    /** Signing in as another account (SASL authorization identity) is not offered. */
    static void refuseDelegation(ImapRequest request, Responder responder) {
        responder.respond(new ImmutableStatusResponse(StatusResponse.Type.NO, request.getTag(), null,
            new HumanReadableText("fr.mssnode.signin.delegation",
                "[AUTHORIZATIONFAILED] Signing in as another account is not offered by this node."), null));
        responder.flush();
    }

    private Optional<MailboxSession> check(Username login, ImapSession session, ImapRequest request, Responder responder,
                                           Check check) {
        String client = clientAddress(session);
        if (login == null) {
            refuse(request, responder, "Authentication failed: no address given.");
            traced(null, client, request, TraceEvent.Action.SIGN_IN_FAILED, "no address given");
            return Optional.empty();
        }
        SignInVerdict verdict = throttle.before(login.asString(), client);
        if (!(verdict instanceof SignInVerdict.Proceed)) {
            String sentence = refusal(verdict, "your password was not checked");
            refuse(request, responder, sentence);
            traced(login, client, request, TraceEvent.Action.SIGN_IN_REFUSED, sentence);
            return Optional.empty();
        }
        if (directory.findAccount(login.asString()).filter(account -> !account.acceptsPassword()).isPresent()) {
            refuse(request, responder, CertificateSignIn.PASSWORD_REFUSED);
            traced(login, client, request, TraceEvent.Action.SIGN_IN_REFUSED, CertificateSignIn.PASSWORD_REFUSED);
            return Optional.empty();
        }
        try {
            MailboxSession signedIn = check.authenticate();
            throttle.succeeded(login.asString(), client);
            traced(login, client, request, TraceEvent.Action.SIGN_IN, "OK");
            return Optional.of(signedIn);
        } catch (BadCredentialsException wrong) {
            SignInVerdict next = throttle.failed(login.asString(), client);
            String sentence = next instanceof SignInVerdict.Locked
                ? refusal(next, "wrong address or password")
                : "Authentication failed: wrong address or password.";
            refuse(request, responder, sentence);
            traced(login, client, request, TraceEvent.Action.SIGN_IN_FAILED, sentence);
        } catch (MailboxException e) {
            LOGGER.warn("Sign-in of {} could not be checked", login.asString(), e);
            responder.respond(new ImmutableStatusResponse(StatusResponse.Type.NO, request.getTag(), null,
                new HumanReadableText("fr.mssnode.signin.unavailable",
                    "[UNAVAILABLE] The account could not be checked just now; try again in a minute."), null));
        }
        return Optional.empty();
    }

    private void traced(Username login, String client, ImapRequest request, TraceEvent.Action action, String answer) {
        String who = login == null ? null : login.asString();
        trace.record(who, client, "IMAP", action, who == null ? List.of() : List.of(who), request.getCommand().getName(),
            (action == TraceEvent.Action.SIGN_IN ? "OK " : "NO [AUTHENTICATIONFAILED] ") + answer);
    }

    private String refusal(SignInVerdict verdict, String outcome) {
        if (verdict instanceof SignInVerdict.Locked locked) {
            return "Authentication failed (" + outcome + "): too many failed sign-ins for this account from your address;"
                + " it is locked from here until " + TIME.format(locked.until()) + " (" + locked.secondsFrom(clock.instant())
                + " s). Your administrator can unlock it.";
        }
        return "Too many failed sign-ins from your address (" + outcome + "): try again in "
            + ((SignInVerdict.Wait) verdict).seconds() + " s.";
    }

    static void refuse(ImapRequest request, Responder responder, String sentence) {
        // RFC 5530's code before the text; James 3.8.1 has no such response code, so it travels in the text.
        responder.respond(new ImmutableStatusResponse(StatusResponse.Type.NO, request.getTag(), null,
            new HumanReadableText("fr.mssnode.signin.refused", "[AUTHENTICATIONFAILED] " + sentence), null));
        responder.flush();
    }

    /** The client's address as James's IMAP server recorded it for the connection (the proxied source behind HAProxy). */
    static String clientAddress(ImapSession session) {
        Object bound = session.getAttribute(ImapChannelUpstreamHandler.MDC_KEY);
        if (bound instanceof MDCBuilder mdc) {
            String ip = mdc.execute(() -> MDC.get(MDCBuilder.IP));
            if (ip != null) {
                return ip;
            }
        }
        return "unknown";
    }
}
