package fr.mssnode.directory;

import java.util.List;

/** A health professional from the Annuaire Santé (RPPS, or ADELI for the professions not yet in the RPPS). */
public record Professional(String nationalId, String idType, String civility, String title, String firstName,
                           String lastName, String professionCode, String professionLabel, String specialtyCode,
                           String specialtyLabel, boolean active, List<Activity> activities) {

    public boolean isRpps() {
        return "8".equals(idType);
    }

    public String displayName() {
        String name = (firstName == null || firstName.isBlank() ? "" : firstName + " ") + lastName;
        return title == null || title.isBlank() ? name : title + " " + name;
    }
}
