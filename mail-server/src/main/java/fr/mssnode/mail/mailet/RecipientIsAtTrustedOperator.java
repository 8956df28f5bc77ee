package fr.mssnode.mail.mailet;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import fr.mssnode.directory.Directory;

/** Matches the recipients whose domain belongs to a trusted operator of the espace de confiance. */
public class RecipientIsAtTrustedOperator extends GenericMatcher {
    private final Directory directory;

    @Inject
    public RecipientIsAtTrustedOperator(Directory directory) {
        this.directory = directory;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        List<MailAddress> matched = mail.getRecipients().stream()
            .filter(recipient -> {
                String domain = recipient.getDomain().asString();
                return !directory.isLocalDomain(domain) && directory.isTrustedOperator(domain);
            })
            .toList();
        return matched;
    }
}
