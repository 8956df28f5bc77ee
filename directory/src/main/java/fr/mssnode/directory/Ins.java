package fr.mssnode.directory;

import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * The INS matricule (NIR or NIA): 13 characters plus a 2-digit key,
 * key = 97 - (first 13 digits mod 97), where Corsican departments 2A and 2B count as 19 and 18.
 */
public record Ins(String matricule) {
    private static final Pattern SHAPE = Pattern.compile("^[12378][0-9]{4}(2A|2B|[0-9]{2})[0-9]{6}[0-9]{2}$");
    private static final BigInteger NINETY_SEVEN = BigInteger.valueOf(97);

    public Ins {
        if (matricule == null || !SHAPE.matcher(matricule.toUpperCase()).matches()) {
            throw new DirectoryException("'" + matricule + "' is not an INS matricule (13 characters and a 2-digit key).");
        }
        matricule = matricule.toUpperCase();
        int expected = keyOf(matricule.substring(0, 13));
        int actual = Integer.parseInt(matricule.substring(13));
        if (expected != actual) {
            throw new DirectoryException("INS '" + matricule + "' has key " + matricule.substring(13) + " but its first 13 characters give key "
                + String.format("%02d", expected) + ".");
        }
    }

    /** The key for 13 characters (Corsica: 2A becomes 19, 2B becomes 18). */
    public static int keyOf(String first13) {
        String digits = first13.toUpperCase().replace("2A", "19").replace("2B", "18");
        return 97 - new BigInteger(digits).mod(NINETY_SEVEN).intValue();
    }

    /** Builds a valid matricule from its first 13 characters (for tests and demo data). */
    public static Ins withComputedKey(String first13) {
        return new Ins(first13 + String.format("%02d", keyOf(first13)));
    }

    public static boolean isValid(String matricule) {
        try {
            new Ins(matricule);
            return true;
        } catch (DirectoryException e) {
            return false;
        }
    }
}
