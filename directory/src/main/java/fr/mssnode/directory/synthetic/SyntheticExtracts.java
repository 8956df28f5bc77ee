package fr.mssnode.directory.synthetic;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import fr.mssnode.directory.Names;
import fr.mssnode.directory.extract.ExtractWriter;

/**
 * Writes realistic but entirely invented Annuaire Santé extracts (professionals with their practice sites, and
 * MSSanté mailboxes) for tests, benchmarks and demos. Nothing here is real personal data.
 *
 * <p>Deterministic: the same {@link Plan} always gives the same files, and every professional is derived from
 * its index alone, so files are written as a stream (constant memory, any size). Generations model successive
 * monthly extracts: in generation {@code g > 0}, about 1% of the professionals of generation 0 are gone, 2% have
 * changed (a new phone number or a moved practice), and 1% new professionals appear; their mailboxes follow.
 */
public final class SyntheticExtracts {
    /** National identifiers of synthetic professionals are 8 + an RPPS number in this block (none is real). */
    private static final long FIRST_RPPS = 99_000_000_00L;

    /**
     * What to write.
     *
     * @param activityLines lines in the professionals extract (a professional has 1 to 3 lines, one per site)
     * @param mailboxes     lines in the mailboxes extract (mostly personal mailboxes, about 1 in 10 organisations)
     * @param generation    0 for the first extract, then 1, 2... for later ones
     * @param domain        the operator domain of the mailboxes
     * @param malformedEvery every n-th data line is broken on purpose (0: none)
     * @param seed          changes every name, place and number, not the shape
     */
    public record Plan(long activityLines, long mailboxes, int generation, String domain, long malformedEvery, long seed) {
        public Plan {
            if (activityLines < 0 || mailboxes < 0 || generation < 0 || malformedEvery < 0) {
                throw new IllegalArgumentException("counts and generation must not be negative");
            }
        }

        public static Plan of(long activityLines, long mailboxes) {
            return new Plan(activityLines, mailboxes, 0, "synthetique.mssante.test", 0, 1);
        }

        public Plan generation(int next) {
            return new Plan(activityLines, mailboxes, next, domain, malformedEvery, seed);
        }

        public Plan malformedEvery(long every) {
            return new Plan(activityLines, mailboxes, generation, domain, every, seed);
        }

        public Plan domain(String operatorDomain) {
            return new Plan(activityLines, mailboxes, generation, operatorDomain, malformedEvery, seed);
        }
    }

    /** What was written. */
    public record Written(Path professionals, Path mailboxes, long professionalCount, long activityLines,
                          long mailboxLines, long malformedLines) {
    }

    /** One invented professional, as the generator sees it. */
    public record Person(long index, String nationalId, String civility, String title, String firstName, String lastName,
                         String professionCode, String professionLabel, String specialtyCode, String specialtyLabel,
                         List<Site> sites) {
        /** The personal MSSanté address this professional gets in a plan's domain. */
        public String address(String domain) {
            return Names.searchKey(firstName).replace(' ', '-') + "." + Names.searchKey(lastName).replace(' ', '-')
                + "." + index + "@" + domain;
        }
    }

    /** One practice site. */
    public record Site(String roleCode, String roleLabel, String modeCode, String modeLabel, String structureName,
                       String finess, String siret, String streetNumber, String streetType, String streetName,
                       String postcode, String city, String phone, String email) {
    }

    private final Plan plan;

    public SyntheticExtracts(Plan plan) {
        this.plan = plan;
    }

    /** Writes both extracts into {@code folder}, named like the published files. */
    public Written write(Path folder) throws IOException {
        Files.createDirectories(folder);
        String stamp = String.format(Locale.ROOT, "2026%02d01", 1 + plan.generation() % 12);
        Path professionals = folder.resolve("PS_LibreAcces_Personne_activite_" + stamp + "0000.txt");
        Path mailboxes = folder.resolve("Extraction_Correspondance_MSSante_" + stamp + "0000.txt");
        long[] professionalCounts = writeProfessionals(professionals);
        long[] mailboxCounts = writeMailboxes(mailboxes);
        return new Written(professionals, mailboxes, professionalCounts[0], professionalCounts[1], mailboxCounts[0],
            professionalCounts[2] + mailboxCounts[1]);
    }

    /** How many professionals generation 0 has for this plan's number of activity lines. */
    public long baseProfessionals() {
        long lines = 0;
        long index = 0;
        while (lines < plan.activityLines()) {
            lines += siteCount(index++);
        }
        return index;
    }

    /** Whether professional {@code index} is in this plan's generation. */
    public boolean present(long index, long base) {
        if (index >= base) {
            // Newcomers: 1% of the base per generation, numbered after it.
            return plan.generation() > 0 && index < base + (base / 100) * plan.generation();
        }
        return plan.generation() == 0 || roll(index, plan.generation(), 100) != 0;
    }

    /** Professional {@code index} as it stands in this plan's generation. */
    public Person person(long index) {
        SplittableRandom random = randomFor(index, 0);
        boolean female = random.nextInt(100) < 55;
        String firstName = pick(random, female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
        String lastName = pick(random, LAST_NAMES);
        String[] profession = weighted(random, PROFESSIONS);
        String[] specialty = profession[0].equals("10") ? pick(random, SPECIALTIES) : new String[] {"", ""};
        boolean doctor = profession[0].equals("10") || profession[0].equals("40");
        int changes = changesUpTo(index);
        List<Site> sites = new ArrayList<>();
        int count = siteCount(index);
        for (int s = 0; s < count; s++) {
            sites.add(site(index, s, changes, lastName, profession[0]));
        }
        return new Person(index, rppsNationalId(index), female ? "Madame" : "Monsieur", doctor ? "Docteur" : "",
            firstName, lastName, profession[0], profession[1], specialty[0], specialty[1], sites);
    }

    /** 8 followed by an 11-digit RPPS number whose last digit is its Luhn key. */
    public static String rppsNationalId(long index) {
        String body = Long.toString(FIRST_RPPS + index);
        return "8" + body + luhnKey(body);
    }

    // ---- the professionals extract ----------------------------------------------------------------------------

    private long[] writeProfessionals(Path file) throws IOException {
        long base = baseProfessionals();
        long professionals = 0;
        long lines = 0;
        long malformed = 0;
        String[] fields = new String[ExtractWriter.PROFESSIONAL_COLUMNS.size()];
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            ExtractWriter.writeLine(out, ExtractWriter.PROFESSIONAL_COLUMNS);
            long last = base + (base / 100) * plan.generation();
            for (long index = 0; index < last; index++) {
                if (!present(index, base)) {
                    continue;
                }
                Person person = person(index);
                professionals++;
                for (Site site : person.sites()) {
                    lines++;
                    if (plan.malformedEvery() > 0 && lines % plan.malformedEvery() == 0) {
                        out.write(brokenProfessionalLine(lines));
                        malformed++;
                        continue;
                    }
                    fillProfessional(fields, person, site);
                    ExtractWriter.writeLine(out, Arrays.asList(fields));
                }
            }
        }
        return new long[] {professionals, lines, malformed};
    }

    private static void fillProfessional(String[] fields, Person p, Site s) {
        Arrays.fill(fields, "");
        set(fields, "Type d'identifiant PP", "8");
        set(fields, "Identifiant PP", p.nationalId().substring(1));
        set(fields, "Identification nationale PP", p.nationalId());
        set(fields, "Code civilité", p.civility().equals("Madame") ? "MME" : "M");
        set(fields, "Libellé civilité", p.civility());
        set(fields, "Code civilité d'exercice", p.title().isEmpty() ? "" : "DR");
        set(fields, "Libellé civilité d'exercice", p.title());
        set(fields, "Nom d'exercice", p.lastName().toUpperCase(Locale.FRENCH));
        set(fields, "Prénom d'exercice", p.firstName());
        set(fields, "Code profession", p.professionCode());
        set(fields, "Libellé profession", p.professionLabel());
        set(fields, "Code catégorie professionnelle", "C");
        set(fields, "Libellé catégorie professionnelle", "Civil");
        if (!p.specialtyCode().isEmpty()) {
            set(fields, "Code type savoir-faire", "S");
            set(fields, "Libellé type savoir-faire", "Spécialité ordinale");
            set(fields, "Code savoir-faire", p.specialtyCode());
            set(fields, "Libellé savoir-faire", p.specialtyLabel());
        }
        set(fields, "Code mode exercice", s.modeCode());
        set(fields, "Libellé mode exercice", s.modeLabel());
        set(fields, "Numéro SIRET site", s.siret());
        set(fields, "Numéro SIREN site", s.siret().isEmpty() ? "" : s.siret().substring(0, 9));
        set(fields, "Numéro FINESS site", s.finess());
        set(fields, "Raison sociale site", s.structureName());
        set(fields, "Numéro Voie (coord. structure)", s.streetNumber());
        set(fields, "Libellé type de voie (coord. structure)", s.streetType());
        set(fields, "Libellé Voie (coord. structure)", s.streetName());
        set(fields, "Code postal (coord. structure)", s.postcode());
        set(fields, "Libellé commune (coord. structure)", s.city());
        set(fields, "Code pays (coord. structure)", "99000");
        set(fields, "Libellé pays (coord. structure)", "France");
        set(fields, "Téléphone (coord. structure)", s.phone());
        set(fields, "Adresse e-mail (coord. structure)", s.email());
        set(fields, "Code Département (structure)", s.postcode().substring(0, 2));
        set(fields, "Autorité d'enregistrement", "CNOM/CNOM/CNOM");
        set(fields, "Code rôle", s.roleCode());
        set(fields, "Libellé rôle", s.roleLabel());
    }

    private static void set(String[] fields, String column, String value) {
        fields[PROFESSIONAL_INDEX.indexOf(column)] = value;
    }

    private static final List<String> PROFESSIONAL_INDEX = ExtractWriter.PROFESSIONAL_COLUMNS;

    /** A line the import must reject, with a different fault each time. */
    private String brokenProfessionalLine(long line) {
        int columns = ExtractWriter.PROFESSIONAL_COLUMNS.size();
        return switch ((int) (line / Math.max(1, plan.malformedEvery()) % 3)) {
            case 0 -> "X|123|X123|" + "|".repeat(columns - 3) + "\n";            // unknown identifier type
            case 1 -> "8|12|812|" + "|".repeat(columns - 3) + "\n";              // RPPS too short, no name
            default -> "8|99999999999|899999999999|cut here|\n";                 // too few fields
        };
    }

    // ---- the mailboxes extract ------------------------------------------------------------------------------

    private long[] writeMailboxes(Path file) throws IOException {
        long base = baseProfessionals();
        long lines = 0;
        long malformed = 0;
        String[] fields = new String[ExtractWriter.MAILBOX_COLUMNS.size()];
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            ExtractWriter.writeLine(out, ExtractWriter.MAILBOX_COLUMNS);
            // Mailbox j belongs to professional j (wrapping around), except every tenth, an organisation's.
            for (long j = 0; j < plan.mailboxes(); j++) {
                Arrays.fill(fields, "");
                if (j % 10 == 9) {
                    SplittableRandom random = randomFor(j, 7);
                    String[] city = pick(random, CITIES);
                    String service = pick(random, SERVICES);
                    fields[0] = "ORG";
                    fields[1] = Names.searchKey(service).replace(' ', '-') + "." + Names.searchKey(city[1]).replace(' ', '-')
                        + "." + j + "@" + plan.domain();
                    fields[5] = "1";
                    fields[6] = "1" + finess(city[0], j);
                    fields[7] = service;
                    fields[11] = "Centre hospitalier de " + city[1];
                } else {
                    long owner = base == 0 ? 0 : j % base;
                    if (base == 0 || !present(owner, base)) {
                        continue;
                    }
                    Person person = person(owner);
                    fields[0] = "PER";
                    fields[1] = person.address(plan.domain());
                    if (j >= base) {
                        fields[1] = fields[1].replace("@", ".cab" + j + "@");
                        fields[0] = "CAB";
                    }
                    fields[2] = "8";
                    fields[3] = person.nationalId().substring(1);
                    fields[4] = person.nationalId();
                    fields[8] = person.title();
                    fields[9] = person.lastName().toUpperCase(Locale.FRENCH);
                    fields[10] = person.firstName();
                    fields[11] = person.sites().get(0).structureName();
                }
                fields[12] = "N";
                lines++;
                if (plan.malformedEvery() > 0 && lines % plan.malformedEvery() == 0) {
                    out.write("XYZ|not-an-address|" + "|".repeat(ExtractWriter.MAILBOX_COLUMNS.size() - 2) + "\n");
                    malformed++;
                    continue;
                }
                ExtractWriter.writeLine(out, Arrays.asList(fields));
            }
            // Newcomers of later generations get their personal mailbox too.
            for (long index = base; index < base + (base / 100) * plan.generation(); index++) {
                Person person = person(index);
                Arrays.fill(fields, "");
                fields[0] = "PER";
                fields[1] = person.address(plan.domain());
                fields[2] = "8";
                fields[3] = person.nationalId().substring(1);
                fields[4] = person.nationalId();
                fields[9] = person.lastName().toUpperCase(Locale.FRENCH);
                fields[10] = person.firstName();
                fields[12] = "N";
                lines++;
                ExtractWriter.writeLine(out, Arrays.asList(fields));
            }
        }
        return new long[] {lines, malformed};
    }

    // ---- derivation -------------------------------------------------------------------------------------------

    private SplittableRandom randomFor(long index, long salt) {
        return new SplittableRandom(mix(plan.seed() * 0x9E3779B97F4A7C15L + index * 31 + salt));
    }

    /** The same roll for the same (index, generation), independent of the plan's size. */
    private int roll(long index, int generation, int bound) {
        return (int) Long.remainderUnsigned(mix(plan.seed() ^ (index * 1_000_003L + generation * 7919L)), bound);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** How many times professional {@code index} changed up to this plan's generation (2% per generation). */
    private int changesUpTo(long index) {
        int changes = 0;
        for (int g = 1; g <= plan.generation(); g++) {
            int roll = roll(index, g, 100);
            if (roll == 1 || roll == 2) {
                changes++;
            }
        }
        return changes;
    }

    /** 1 site for most, 2 for one in four, 3 for one in sixteen (about 1.3 lines per professional). */
    private int siteCount(long index) {
        long r = Long.remainderUnsigned(mix(plan.seed() + index * 0x632BE59BD9B4E019L), 16);
        return r == 0 ? 3 : r <= 3 ? 2 : 1;
    }

    private Site site(long index, int siteIndex, int changes, String lastName, String professionCode) {
        SplittableRandom random = randomFor(index, 100 + siteIndex + 1000L * changes);
        String[] city = pick(random, CITIES);
        boolean hospital = random.nextInt(100) < 35;
        String structure;
        String[] role;
        String[] mode;
        String finess = "";
        String siret = "";
        if (hospital) {
            structure = pick(random, HOSPITAL_KINDS) + " " + city[1];
            role = new String[] {"FON-05", "Praticien hospitalier"};
            mode = new String[] {"S", "Salarié"};
            finess = finess(city[0], index * 3 + siteIndex);
        } else {
            structure = professionCode.equals("21") ? "Pharmacie " + pick(random, STREET_NAMES)
                : "Cabinet " + pick(random, new String[] {"du Dr ", "médical ", ""}) + lastName;
            role = professionCode.equals("21") ? new String[] {"FON-11", "Pharmacien titulaire d'officine"}
                : new String[] {"FON-01", "Titulaire de cabinet"};
            mode = new String[] {"L", "Libéral"};
            siret = String.format(Locale.ROOT, "%014d", Math.floorMod(mix(index * 17 + siteIndex), 100_000_000_000_000L));
        }
        String phone = String.format(Locale.ROOT, "0%d%08d", 1 + random.nextInt(5), random.nextInt(100_000_000));
        String email = random.nextInt(3) == 0 ? "contact." + index + "@cabinet-exemple.test" : "";
        return new Site(role[0], role[1], mode[0], mode[1], structure, finess, siret,
            Integer.toString(1 + random.nextInt(120)), pick(random, STREET_TYPES), pick(random, STREET_NAMES),
            city[0], city[1], phone, email);
    }

    private static String finess(String postcode, long n) {
        String department = postcode.substring(0, 2);
        return department + String.format(Locale.ROOT, "%07d", Math.floorMod(n, 10_000_000L));
    }

    private static int luhnKey(String digits) {
        int sum = 0;
        boolean doubled = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return (10 - sum % 10) % 10;
    }

    private static <T> T pick(SplittableRandom random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String[] weighted(SplittableRandom random, String[][] values) {
        int total = 0;
        for (String[] value : values) {
            total += Integer.parseInt(value[2]);
        }
        int r = random.nextInt(total);
        for (String[] value : values) {
            r -= Integer.parseInt(value[2]);
            if (r < 0) {
                return value;
            }
        }
        return values[0];
    }

    // ---- vocabularies (common French first and last names, real profession codes, invented people) ---------------

    private static final String[] FEMALE_FIRST_NAMES = {"Hélène", "Élodie", "Anaïs", "Chloé", "Zoé", "Maëlle", "Gaëlle",
        "Léa", "Camille", "Manon", "Inès", "Sarah", "Julie", "Émilie", "Céline", "Aurélie", "Nathalie", "Isabelle",
        "Sophie", "Françoise", "Bénédicte", "Valérie", "Agnès", "Noémie", "Clémence", "Laëtitia", "Marie", "Anne",
        "Claire", "Amélie", "Mélanie", "Yasmine", "Fatima", "Aïcha", "Lucie", "Pauline", "Ophélie", "Solène"};
    private static final String[] MALE_FIRST_NAMES = {"François", "Jérôme", "Loïc", "Benoît", "Clément", "Rémi", "Noël",
        "Hervé", "Stéphane", "Frédéric", "Éric", "Thierry", "Nicolas", "Julien", "Thomas", "Mathieu", "Antoine",
        "Guillaume", "Sébastien", "Cédric", "Jean-Luc", "Pierre", "Michel", "Olivier", "Karim", "Mehdi", "Yannick",
        "Gaël", "Léo", "Hugo", "Théo", "Raphaël", "Joël", "Grégoire", "Aurélien", "Étienne", "Bastien", "Youssef"};
    private static final String[] LAST_NAMES = {"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand",
        "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Lefebvre", "Leroy", "Roux", "David", "Bertrand",
        "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller",
        "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand",
        "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
        "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour",
        "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier",
        "Arnaud", "Martínez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
        "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
        "Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Le Gall", "Le Goff", "Kerjean",
        "Hébert", "Ménard", "Benali", "Nguyen", "Da Silva", "Haddad", "Bouvier", "Éluard", "Pélissier", "Cléry"};
    /** Code, label, weight (roughly the share of each profession in the RPPS). */
    private static final String[][] PROFESSIONS = {{"10", "Médecin", "32"}, {"60", "Infirmier", "30"},
        {"70", "Masseur-Kinésithérapeute", "12"}, {"21", "Pharmacien", "10"}, {"40", "Chirurgien-Dentiste", "6"},
        {"50", "Sage-Femme", "4"}, {"80", "Pédicure-Podologue", "2"}, {"28", "Opticien-Lunetier", "2"},
        {"26", "Audioprothésiste", "1"}, {"91", "Orthophoniste", "1"}};
    private static final String[][] SPECIALTIES = {{"SM26", "Qualifié en Médecine Générale"},
        {"SM54", "Médecine Générale"}, {"SM04", "Cardiologie et maladies vasculaires"}, {"SM42", "Pédiatrie"},
        {"SM40", "Psychiatrie"}, {"SM10", "Dermatologie et vénéréologie"}, {"SM19", "Gynécologie-obstétrique"},
        {"SM02", "Anesthésie-réanimation"}, {"SM35", "Ophtalmologie"}, {"SM32", "Néphrologie"},
        {"SM33", "Neurologie"}, {"SM44", "Pneumologie"}, {"SM45", "Radio-diagnostic"}, {"SM48", "Rhumatologie"},
        {"SM15", "Endocrinologie et métabolisme"}, {"SM24", "Hépato-gastro-entérologie"}, {"SM37", "Oncologie médicale"},
        {"SM22", "Gériatrie"}};
    /** Postcode, city. */
    private static final String[][] CITIES = {{"75011", "Paris"}, {"75015", "Paris"}, {"75018", "Paris"},
        {"69003", "Lyon"}, {"13005", "Marseille"}, {"31000", "Toulouse"}, {"06000", "Nice"}, {"44000", "Nantes"},
        {"67000", "Strasbourg"}, {"34000", "Montpellier"}, {"33000", "Bordeaux"}, {"59000", "Lille"},
        {"35000", "Rennes"}, {"51100", "Reims"}, {"42000", "Saint-Étienne"}, {"83000", "Toulon"},
        {"38000", "Grenoble"}, {"21000", "Dijon"}, {"49000", "Angers"}, {"30000", "Nîmes"}, {"45000", "Orléans"},
        {"25000", "Besançon"}, {"34500", "Béziers"}, {"16000", "Angoulême"}, {"83600", "Fréjus"},
        {"91000", "Évry-Courcouronnes"}, {"36000", "Châteauroux"}, {"29200", "Brest"}, {"29000", "Quimper"},
        {"94000", "Créteil"}, {"24000", "Périgueux"}, {"88000", "Épinal"}, {"54000", "Nancy"}, {"26200", "Montélimar"},
        {"34200", "Sète"}, {"71000", "Mâcon"}, {"97400", "Saint-Denis"}, {"64000", "Pau"}, {"87000", "Limoges"},
        {"63000", "Clermont-Ferrand"}, {"76000", "Rouen"}, {"14000", "Caen"}, {"57000", "Metz"}, {"80000", "Amiens"},
        {"66000", "Perpignan"}, {"20000", "Ajaccio"}};
    private static final String[] HOSPITAL_KINDS = {"Centre hospitalier de", "CHU de", "Clinique Saint-Joseph,",
        "Hôpital privé de", "Centre de santé de", "Maison de santé pluriprofessionnelle de"};
    private static final String[] STREET_TYPES = {"Rue", "Avenue", "Boulevard", "Place", "Chemin", "Allée", "Quai"};
    private static final String[] STREET_NAMES = {"de la République", "Victor Hugo", "Jean Jaurès", "de la Gare",
        "Pasteur", "du Général de Gaulle", "des Écoles", "de l'Église", "Gambetta", "Émile Zola", "des Lilas",
        "du Château", "de la Liberté", "Marie Curie", "Louis Blériot", "des Tilleuls", "Sainte-Thérèse"};
    private static final String[] SERVICES = {"Cardiologie", "Urgences", "Pédiatrie", "Maternité", "Radiologie",
        "Biologie médicale", "Oncologie", "Gériatrie", "Secrétariat médical", "Chirurgie orthopédique",
        "Néphrologie", "Pneumologie", "Psychiatrie adulte", "Soins de suite et réadaptation"};

    /** {@code java ... SyntheticExtracts <folder> <activityLines> <mailboxes> [generation] [domain]} */
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: SyntheticExtracts <folder> <activityLines> <mailboxes> [generation] [domain]");
            System.exit(2);
        }
        Plan plan = Plan.of(Long.parseLong(args[1]), Long.parseLong(args[2]))
            .generation(args.length > 3 ? Integer.parseInt(args[3]) : 0);
        if (args.length > 4) {
            plan = plan.domain(args[4]);
        }
        Written written = new SyntheticExtracts(plan).write(Path.of(args[0]));
        System.out.printf("%s: %,d professionals, %,d activity lines%n%s: %,d mailboxes%n", written.professionals(),
            written.professionalCount(), written.activityLines(), written.mailboxes(), written.mailboxLines());
    }
}
