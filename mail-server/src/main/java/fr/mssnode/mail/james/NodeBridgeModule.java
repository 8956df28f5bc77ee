package fr.mssnode.mail.james;

import javax.inject.Singleton;

import javax.sql.DataSource;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.dnsservice.dnsjava.DNSJavaService;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.lib.UsersRepositoryImpl;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;

import org.apache.james.utils.GuiceProbe;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.mailet.DeliveryLedger;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.inbox.PatientCopies;
import fr.mssnode.mail.patient.PatientConversations;
import fr.mssnode.mail.smime.Smime;
import fr.mssnode.mail.smtp.SpoolPressure;

/**
 * Where the Spring side meets James: the directory (a Spring bean) is bound for mailets and SMTP hooks,
 * the S/MIME keys and checks too, the patients' copies and conversations; James's users are the directory's accounts, and remote
 * delivery resolves trusted operators' relays. The mailet context is handed back to Spring through a probe.
 * Installed as an override, so its DNS binding replaces James's default.
 */
public class NodeBridgeModule extends AbstractModule {
    private final DataSource dataSource;
    private final Directory directory;
    private final DeliveryLedger ledger;
    private final Smime smime;
    private final DossierBridge dossier;
    private final SpoolPressure.Limits spoolLimits;
    private final PatientCopies patientCopies;
    private final PatientConversations conversations;
    private final SignInThrottle signIn;
    private final OperatorTrace trace;
    private final TokenSignIn tokens;
    private final CertificateSignIn certificateSignIn;

    public NodeBridgeModule(DataSource dataSource, Directory directory, DeliveryLedger ledger, Smime smime, DossierBridge dossier,
                            SpoolPressure.Limits spoolLimits, PatientCopies patientCopies, PatientConversations conversations,
                            SignInThrottle signIn, OperatorTrace trace, TokenSignIn tokens,
                            CertificateSignIn certificateSignIn) {
        this.certificateSignIn = certificateSignIn;
        this.dataSource = dataSource;
        this.signIn = signIn;
        this.trace = trace;
        this.tokens = tokens;
        this.patientCopies = patientCopies;
        this.conversations = conversations;
        this.directory = directory;
        this.ledger = ledger;
        this.smime = smime;
        this.dossier = dossier;
        this.spoolLimits = spoolLimits;
    }

    @Override
    protected void configure() {
        bind(DataSource.class).toInstance(dataSource);
        bind(Directory.class).toInstance(directory);
        bind(DeliveryLedger.class).toInstance(ledger);
        bind(Smime.class).toInstance(smime);
        bind(DossierBridge.class).toInstance(dossier);
        bind(SpoolPressure.Limits.class).toInstance(spoolLimits);
        bind(SpoolPressure.class).in(Scopes.SINGLETON);
        bind(PatientCopies.class).toInstance(patientCopies);
        bind(PatientConversations.class).toInstance(conversations);
        bind(SignInThrottle.class).toInstance(signIn);
        bind(OperatorTrace.class).toInstance(trace);
        bind(TokenSignIn.class).toInstance(tokens);
        bind(CertificateSignIn.class).toInstance(certificateSignIn);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(MailetContextProbe.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(MailboxesProbe.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(SpoolProbe.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(ListenersProbe.class);
        Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(SpoolDrain.class);
    }

    @Provides
    @Singleton
    UsersRepository users(DomainList domains) throws ConfigurationException {
        UsersRepositoryImpl<DirectoryUsersDao> users = new UsersRepositoryImpl<>(domains, new DirectoryUsersDao(directory));
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        configuration.addProperty("enableVirtualHosting", true);
        // No verifyFailureDelay: it sleeps on the protocol's thread. Guessing is slowed and locked by SignInThrottle.
        users.configure(configuration);
        return users;
    }

    @Provides
    @Singleton
    DNSService dns(DNSJavaService realDns) {
        return new OperatorRoutingDnsService(realDns, directory);
    }
}
