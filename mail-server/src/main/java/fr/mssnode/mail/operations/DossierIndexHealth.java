package fr.mssnode.mail.operations;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import fr.mssnode.dossier.index.DossierIndex;
import fr.mssnode.dossier.index.DossierQuery;

/** Ready while the dossier index answers a search. */
public class DossierIndexHealth implements HealthIndicator {
    private final DossierIndex index;

    public DossierIndexHealth(DossierIndex index) {
        this.index = index;
    }

    @Override
    public Health health() {
        try {
            return Health.up().withDetail("documents", index.search(DossierQuery.everywhere("", 1)).total()).build();
        } catch (Exception e) {
            return Health.down().withDetail("reason", "the dossier index does not answer: " + e.getMessage()).build();
        }
    }
}
