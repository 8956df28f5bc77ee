package fr.mssnode.directory;

/**
 * A search among professionals. Names and city are compared without accents or case, by word prefix
 * ("hel" finds Hélène); codes are exact. Empty or null criteria are ignored.
 *
 * @param name       a prefix of the family name or of a given name
 * @param family     a prefix of the family name
 * @param given      a prefix of a given name
 * @param profession profession code (e.g. 10 for médecin)
 * @param specialty  specialty code (e.g. SM54 for médecine générale)
 * @param city       a prefix of a practice city
 * @param activeOnly leave out professionals no longer in the extracts
 */
public record ProfessionalQuery(String name, String family, String given, String profession, String specialty,
                                String city, boolean activeOnly, int offset, int count) {
    public static final int MAX_COUNT = 100;

    public ProfessionalQuery {
        if (offset < 0) {
            throw new DirectoryException("The offset cannot be negative.");
        }
        if (count < 1 || count > MAX_COUNT) {
            throw new DirectoryException("The page size must be between 1 and " + MAX_COUNT + ".");
        }
        name = Names.searchKey(name);
        family = Names.searchKey(family);
        given = Names.searchKey(given);
        city = Names.searchKey(city);
        profession = profession == null ? "" : profession.trim();
        specialty = specialty == null ? "" : specialty.trim();
    }

    public boolean hasCriteria() {
        return !(name.isEmpty() && family.isEmpty() && given.isEmpty() && profession.isEmpty() && specialty.isEmpty()
            && city.isEmpty());
    }
}
