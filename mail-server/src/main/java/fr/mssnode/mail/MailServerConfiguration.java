package fr.mssnode.mail;

import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Profile;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.mailet.DeliveryLedger;
import fr.mssnode.mail.tls.TlsMaterial;

/** The embedded mail server, present unless an admin command runs (node.mail-server.enabled=false). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class MailServerConfiguration {

    @Bean
    @Profile("demo")
    DemoData demoData(NodeProperties node, Directory directory, DirectoryAdmin admin, DirectoryImporter importer) {
        return new DemoData(node, directory, admin, importer);
    }

    @Bean
    NodeReadyAnnouncer nodeReadyAnnouncer(NodeProperties node, TlsMaterial tls, Optional<DemoData> demo) {
        return new NodeReadyAnnouncer(node, tls, demo);
    }

    @Bean
    @DependsOn("flywayInitializer")
    DeliveryLedger deliveryLedger(DataSource dataSource) {
        return new DeliveryLedger(dataSource);
    }

    @Bean
    JamesMailServer jamesMailServer(NodeProperties node, Directory directory, TlsMaterial tls, DeliveryLedger ledger) {
        return new JamesMailServer(node, directory, tls, ledger);
    }
}
