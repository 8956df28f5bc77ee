package fr.mssnode.mail.james;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;
import org.apache.mailet.MailetContext;

/** Hands James's mailet context to the Spring side, which sends the dossier's letters through the spool. */
public class MailetContextProbe implements GuiceProbe {
    private final MailetContext context;

    @Inject
    public MailetContextProbe(MailetContext context) {
        this.context = context;
    }

    public MailetContext context() {
        return context;
    }
}
