package fr.mssnode.dossier.access;

import java.time.Instant;
import java.util.Optional;

/**
 * What binds a professional (or organisation mailbox) to one patient's dossier, as the database and the
 * directory say at the moment of asking: the facts {@link AccessDecision} decides from.
 *
 * @param treatingDoctor   the patient declared this professional as their treating doctor
 * @param careTeam         they wrote, sent or received a document filed in this dossier
 * @param authorised       the patient authorised them
 * @param blocked          the patient blocked them
 * @param emergencyAccessOpposed the patient opposed emergency access
 * @param emergencyAccessUntil the end of their latest emergency access to this dossier, if they ever had one
 */
public record DossierRelation(boolean treatingDoctor, boolean careTeam, boolean authorised, boolean blocked,
                              boolean emergencyAccessOpposed, Optional<Instant> emergencyAccessUntil) {

    public static DossierRelation none() {
        return new DossierRelation(false, false, false, false, false, Optional.empty());
    }
}
