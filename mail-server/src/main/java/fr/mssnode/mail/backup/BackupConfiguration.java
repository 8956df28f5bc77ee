package fr.mssnode.mail.backup;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import fr.mssnode.mail.NodeProperties;

/** The running node's backup endpoint (not in the admin commands' context, which runs no node). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class BackupConfiguration {

    @Bean
    BackupEndpoint backupEndpoint(NodeProperties node, DataSource dataSource, Environment environment) {
        return new BackupEndpoint(node, dataSource, environment);
    }
}
