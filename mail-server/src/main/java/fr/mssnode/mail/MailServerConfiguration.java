package fr.mssnode.mail;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.mssnode.directory.Directory;
import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.mailet.DeliveryLedger;
import fr.mssnode.mail.tls.TlsMaterial;

/** The embedded mail server, present unless an admin command runs (node.mail-server.enabled=false). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class MailServerConfiguration {

    @Bean
    @org.springframework.context.annotation.Profile("demo")
    DemoData demoData(NodeProperties node, Directory directory, fr.mssnode.directory.DirectoryAdmin admin) {
        return new DemoData(node, directory, admin);
    }

    @Bean
    NodeReadyAnnouncer nodeReadyAnnouncer(NodeProperties node, TlsMaterial tls, java.util.Optional<DemoData> demo) {
        return new NodeReadyAnnouncer(node, tls, demo);
    }

    @Bean
    @org.springframework.context.annotation.DependsOn("flywayInitializer")
    DeliveryLedger deliveryLedger(javax.sql.DataSource dataSource) {
        return new DeliveryLedger(dataSource);
    }

    @Bean
    JamesMailServer jamesMailServer(NodeProperties node, Directory directory, TlsMaterial tls, DeliveryLedger ledger) {
        return new JamesMailServer(node, directory, tls, ledger);
    }
}
