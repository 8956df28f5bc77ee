package fr.mssnode.mail.operations;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;

import fr.mssnode.dossier.index.DossierIndex;
import fr.mssnode.mail.james.JamesMailServer;

/**
 * What an orchestrator and Prometheus read on the management port (management.server.*): readiness made of the mail
 * listeners, the database (Spring Boot's "db"), the spool and the dossier index; the spool's gauges. The counters
 * and timers are {@link NodeMeters}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class OperationsConfiguration {

    @Bean
    MailListenersHealth mailListenersHealthIndicator(JamesMailServer james) {
        return new MailListenersHealth(james);
    }

    @Bean
    SpoolHealth spoolHealthIndicator(JamesMailServer james) {
        return new SpoolHealth(james);
    }

    @Bean
    DossierIndexHealth dossierIndexHealthIndicator(DossierIndex index) {
        return new DossierIndexHealth(index);
    }

    @Bean
    MemoryGiveBack memoryGiveBack(com.zaxxer.hikari.HikariDataSource pool, fr.mssnode.mail.NodeProperties node) {
        return new MemoryGiveBack(pool, node.embeddedDerby());
    }

    @Bean
    SpoolGauges spoolGauges(JamesMailServer james, MeterRegistry registry) {
        return new SpoolGauges(james, registry);
    }
}
