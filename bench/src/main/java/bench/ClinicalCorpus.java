package bench;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.dossier.synthetic.CdaBuilder;

/**
 * Synthetic French clinical documents, no real person: the same {@code (seed, number)} always gives the same
 * document. Each patient has one or two care themes (cardiology, diabetes, oncology…) that their documents keep
 * to, with comorbidities and incidental findings from the others; eight document types (letters, reports,
 * lab results, imaging, prescriptions, summaries, tumour boards), each with its own sections, narrative
 * sentences and level-3 entries (CIM-10 problems, ATC allergies, CIS medications, LOINC results). A document is
 * given both as a CDA (for filing) and as the text the node would index (for loading an index directly).
 */
public final class ClinicalCorpus {
    /** Documents are dated between these days. */
    public static final LocalDate FIRST_DAY = LocalDate.of(2019, 1, 1);
    public static final LocalDate LAST_DAY = LocalDate.of(2026, 10, 31);
    public static final String DOCUMENT_ROOT = "1.2.250.1.999.1.1";

    public record Patient(int index, String ins, String family, String given, LocalDate birth, String sex) {
        boolean female() {
            return sex.equals("F");
        }

        String civility() {
            return (female() ? "Madame " : "Monsieur ") + given + " " + family;
        }
    }

    public record Author(int index, String nationalId, String given, String family, String specialty, String mailbox) {
        /** As the CDA parser reads the author's name: prefix, given name, family name. */
        public String displayName() {
            return "Dr " + given + " " + family;
        }
    }

    public record Section(String code, String title, String narrative, List<String> entries) {
    }

    public record Document(long number, String uid, String typeCode, String typeDisplay, String title, Patient patient,
                           Author author, LocalDateTime time, List<Section> sections) {
        public LocalDate date() {
            return time.toLocalDate();
        }

        public String effectiveTime() {
            return time.format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss")) + "+0100";
        }

        /** The text the node indexes: the title, then each section's title and narrative, one a line (as CdaParser). */
        public String text() {
            StringBuilder text = new StringBuilder(3072).append(title).append('\n');
            for (Section section : sections) {
                text.append(section.title()).append('\n').append(section.narrative()).append('\n');
            }
            return text.toString();
        }

        public byte[] cda() {
            CdaBuilder cda = CdaBuilder.of(typeCode, typeDisplay).id(DOCUMENT_ROOT, uid).title(title)
                .patient(InsOid.NIR_TEST.oid(), patient.ins(), patient.family(), patient.given(),
                    patient.birth().format(DateTimeFormatter.BASIC_ISO_DATE), patient.sex())
                .author(author.nationalId(), author.given(), author.family()).effectiveTime(effectiveTime());
            for (Section section : sections) {
                cda.section(section.code(), section.title(), section.narrative(), section.entries().toArray(String[]::new));
            }
            return cda.build().getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A query's text and whether its accents were taken off (as typed quickly; PostgreSQL's french does not fold them). */
    public record SearchText(String text, boolean accentFree) {
    }

    private final long seed;
    private final int patients;
    private final int authors;

    public ClinicalCorpus(long seed, int patients, int authors) {
        this.seed = seed;
        this.patients = patients;
        this.authors = authors;
    }

    public int patients() {
        return patients;
    }

    // ---------------------------------------------------------------------------------------------------------
    // People

    public Patient patient(int index) {
        SplittableRandom r = random(0x9A71E47L, index);
        boolean female = r.nextBoolean();
        LocalDate birth = LocalDate.of(1930 + r.nextInt(88), 1 + r.nextInt(12), 1 + r.nextInt(28));
        int department = 1 + r.nextInt(95);
        if (department == 20) {
            department = 21; // Corsica is 2A/2B in an INS
        }
        String first13 = (female ? "2" : "1") + String.format(Locale.ROOT, "%02d%02d%02d%06d", birth.getYear() % 100,
            birth.getMonthValue(), department, index % 1_000_000);
        return new Patient(index, Ins.withComputedKey(first13).matricule(), pick(r, FAMILY_NAMES),
            pick(r, female ? FEMALE_NAMES : MALE_NAMES), birth, female ? "F" : "M");
    }

    public Author author(int index) {
        SplittableRandom r = random(0xA7707L, index);
        boolean female = r.nextBoolean();
        String given = pick(r, female ? FEMALE_NAMES : MALE_NAMES);
        String family = pick(r, FAMILY_NAMES);
        String specialty = THEMES.get(index % THEMES.size()).specialty();
        String mailbox = (plain(given) + "." + plain(family)).toLowerCase(Locale.ROOT).replace(' ', '-') + index
            + "@" + pick(r, HOSPITAL_DOMAINS);
        return new Author(index, "8" + String.format(Locale.ROOT, "%011d", 10_000_000_000L + index * 7_919L), given, family,
            specialty, mailbox);
    }

    /** A patient drawn as documents draw them: some patients have many more documents than others. */
    public int randomPatient(SplittableRandom r) {
        return (int) Math.min(patients - 1, Math.floor(patients * Math.pow(r.nextDouble(), 1.6)));
    }

    /** The care themes of a patient: a main one and, for some, a second. */
    private List<Theme> themesOf(Patient patient) {
        SplittableRandom r = random(0x7E3E5L, patient.index());
        Theme main = THEMES.get(r.nextInt(THEMES.size()));
        Theme other = THEMES.get(r.nextInt(THEMES.size()));
        return r.nextInt(3) == 0 || other == main ? List.of(main) : List.of(main, other);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Documents

    public Document document(long number) {
        SplittableRandom r = random(0xD0C5L, number);
        Patient patient = patient(randomPatient(r));
        List<Theme> themes = themesOf(patient);
        Theme theme = themes.get(r.nextInt(themes.size()));
        // Most documents are written in the patient's care theme, by an author of that specialty.
        int authorIndex = r.nextInt(authors);
        int wanted = THEMES.indexOf(theme);
        if (r.nextInt(4) != 0 && authors >= THEMES.size()) {
            authorIndex = authorIndex - authorIndex % THEMES.size() + wanted;
            if (authorIndex >= authors) {
                authorIndex -= THEMES.size();
            }
        }
        Author author = author(authorIndex);
        long span = LAST_DAY.toEpochDay() - FIRST_DAY.toEpochDay();
        LocalDateTime time = FIRST_DAY.plusDays(r.nextLong(span + 1)).atTime(7 + r.nextInt(13), r.nextInt(60), r.nextInt(60));
        Writer w = new Writer(r, patient, theme, themes, author, time.toLocalDate());
        DocType type = pickWeighted(r, DOC_TYPES);
        List<Section> sections = new ArrayList<>();
        String title = switch (type.code()) {
            case "11490-0" -> w.liaisonLetter(sections);
            case "11502-2" -> w.labReport(sections);
            case "18748-4" -> w.imagingReport(sections);
            case "34112-3" -> w.hospitalReport(sections);
            case "60591-5" -> w.summary(sections);
            case "57833-6" -> w.prescription(sections);
            case "11488-4" -> w.consultation(sections);
            case "34794-8" -> w.tumourBoard(sections);
            default -> throw new IllegalStateException(type.code());
        };
        return new Document(number, "doc-" + seed + "-" + number, type.code(), type.display(), title, patient, author, time,
            List.copyOf(sections));
    }

    /** The type codes the corpus uses (those of the dossier's rubrics). */
    public static List<String> typeCodes() {
        return DOC_TYPES.stream().map(DocType::code).toList();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Queries

    /** 1 to 3 words as a clinician would type them: a diagnosis, drug, test, exam, finding or symptom, or two. */
    public SearchText searchText(SplittableRandom r) {
        while (true) {
            int form = r.nextInt(100);
            String text;
            if (form < 50) {
                text = pick(r, pick(r, SEARCH_TERMS));
            } else if (form < 80) {
                int first = r.nextInt(SEARCH_TERMS.size());
                int second = (first + 1 + r.nextInt(SEARCH_TERMS.size() - 1)) % SEARCH_TERMS.size();
                text = pick(r, SEARCH_TERMS.get(first)) + " " + pick(r, SEARCH_TERMS.get(second));
            } else if (form < 90) {
                text = pick(r, pick(r, SEARCH_TERMS)) + " " + pick(r, MODIFIERS);
            } else {
                // A drug and a test, or a symptom and an exam: three words at most.
                text = pick(r, oneWord(SEARCH_TERMS.get(r.nextInt(SEARCH_TERMS.size())))) + " "
                    + pick(r, oneWord(SEARCH_TERMS.get(r.nextInt(SEARCH_TERMS.size())))) + " "
                    + pick(r, oneWord(SEARCH_TERMS.get(r.nextInt(SEARCH_TERMS.size()))));
            }
            if (text.split(" ").length > 3 || new LinkedHashSet<>(List.of(text.split(" "))).size() < text.split(" ").length) {
                continue;
            }
            if (r.nextInt(5) == 0 && !plain(text).equals(text)) {
                return new SearchText(plain(text).toLowerCase(Locale.ROOT), true);
            }
            return new SearchText(text, false);
        }
    }

    /** Every search term, for checking that the documents do use them. */
    public static List<String> allSearchTerms() {
        return SEARCH_TERMS.stream().flatMap(List::stream).toList();
    }

    private static List<String> oneWord(List<String> terms) {
        List<String> single = terms.stream().filter(t -> !t.contains(" ")).toList();
        return single.isEmpty() ? terms : single;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Writing one document

    /** The sentences of one document, drawn from its random source. */
    private static final class Writer {
        private final SplittableRandom r;
        private final Patient patient;
        private final Theme theme;
        private final List<Theme> themes;
        private final Author author;
        private final LocalDate day;
        private final int age;
        private final Diagnosis mainDiagnosis;

        Writer(SplittableRandom r, Patient patient, Theme theme, List<Theme> themes, Author author, LocalDate day) {
            this.r = r;
            this.patient = patient;
            this.theme = theme;
            this.themes = themes;
            this.author = author;
            this.day = day;
            this.age = Math.max(1, day.getYear() - patient.birth().getYear());
            this.mainDiagnosis = pick(r, theme.diagnoses());
        }

        private String g(String masculine, String feminine) {
            return patient.female() ? feminine : masculine;
        }

        private String patientWord() {
            return g("patient", "patiente");
        }

        private Diagnosis anyDiagnosis() {
            return r.nextInt(3) == 0 ? pick(r, pick(r, THEMES).diagnoses()) : pick(r, pick(r, themes).diagnoses());
        }

        private Drug themeDrug() {
            return r.nextInt(4) == 0 ? pick(r, COMMON_DRUGS) : pick(r, theme.drugs());
        }

        private Lab themeLab() {
            return r.nextInt(3) == 0 ? pick(r, COMMON_LABS) : pick(r, theme.labs());
        }

        private Exam themeExam() {
            return r.nextInt(4) == 0 ? pick(r, pick(r, THEMES).exams()) : pick(r, theme.exams());
        }

        private String symptom() {
            return r.nextInt(4) == 0 ? pick(r, pick(r, THEMES).symptoms()) : pick(r, theme.symptoms());
        }

        private String frenchDate(LocalDate date) {
            return date.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        }

        private <T> List<T> distinct(Function<Writer, T> draw, int count) {
            Set<T> items = new LinkedHashSet<>();
            for (int tries = 0; items.size() < count && tries < count * 4; tries++) {
                items.add(draw.apply(this));
            }
            return new ArrayList<>(items);
        }

        private static String joinFrench(List<String> items) {
            if (items.size() == 1) {
                return items.get(0);
            }
            return String.join(", ", items.subList(0, items.size() - 1)) + " et " + items.get(items.size() - 1);
        }

        private static String capital(String text) {
            return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
        }

        // Sections shared by several document types

        private Section reason(String code, String title) {
            StringBuilder s = new StringBuilder();
            switch (r.nextInt(3)) {
                case 0 -> s.append(capital(patientWord())).append(" de ").append(age).append(" ans, ").append(context())
                    .append(", ").append(pick(r, List.of("consulte", "est vu" + g("", "e"), "est adressé" + g("", "e") + " par son médecin traitant")))
                    .append(" pour ").append(symptom()).append(" évoluant depuis ").append(pick(r, DURATIONS)).append(". ");
                case 1 -> s.append(patient.civility()).append(", ").append(age).append(" ans, est hospitalisé").append(g("", "e"))
                    .append(" pour ").append(mainDiagnosis.indefinite()).append(" révélé").append(mainDiagnosis.feminine() ? "e" : "")
                    .append(" par ").append(symptom()).append(". ");
                default -> s.append("Suivi ").append(de(mainDiagnosis.indefinite())).append(" chez ").append(g("un patient", "une patiente"))
                    .append(" de ").append(age).append(" ans, ").append(context()).append(". ");
            }
            if (r.nextBoolean()) {
                s.append("Le tableau associe ").append(symptom()).append(" et ").append(symptom()).append(". ");
            }
            return new Section("29299-5", pick(r, List.of("Motif", "Motif de prise en charge", "Motif de consultation")),
                s.toString().trim(), List.of());
        }

        private String context() {
            return switch (r.nextInt(5)) {
                case 0 -> "sans antécédent notable";
                case 1 -> "aux antécédents " + de(anyDiagnosis().label()) + " et " + de(anyDiagnosis().label());
                case 2 -> "suivi" + g("", "e") + " pour " + mainDiagnosis.indefinite();
                case 3 -> g("ancien fumeur", "ancienne fumeuse") + " (" + (10 + r.nextInt(50)) + " paquets-années)";
                default -> "aux antécédents " + de(anyDiagnosis().label());
            };
        }

        private Section history() {
            StringBuilder s = new StringBuilder();
            s.append(pick(r, List.of("Histoire récente marquée par ", "On retrouve à l'interrogatoire ",
                "Depuis quelques semaines, apparition de ", "La famille rapporte "))).append(symptom()).append(". ");
            if (r.nextBoolean()) {
                s.append("Majoration récente ").append(de(symptom())).append(" ayant motivé ")
                    .append(pick(r, List.of("une consultation aux urgences", "un avis spécialisé", "l'appel du SAMU",
                        "une téléconsultation"))).append(". ");
            }
            s.append("Le traitement habituel comporte ").append(joinFrench(distinct(w -> w.themeDrug().dci(), 2 + r.nextInt(3))))
                .append(". ");
            s.append(pick(r, LIFESTYLE)).append(". ").append(pick(r, NEGATIVES)).append(' ');
            if (r.nextBoolean()) {
                s.append("Antécédents familiaux : ").append(anyDiagnosis().label()).append(" chez ")
                    .append(pick(r, List.of("le père", "la mère", "un frère", "une sœur", "la grand-mère maternelle"))).append(". ");
            }
            if (r.nextBoolean()) {
                s.append("Observance thérapeutique jugée ").append(pick(r, List.of("bonne", "moyenne", "médiocre", "satisfaisante")))
                    .append(". ");
            }
            return new Section("10164-2", "Histoire de la maladie", s.toString().trim(), List.of());
        }

        private Section examination() {
            double height = patient.female() ? 150 + r.nextInt(30) : 160 + r.nextInt(32);
            double weight = Math.round(height * height / 10_000 * (19 + r.nextDouble() * 17));
            StringBuilder s = new StringBuilder();
            s.append("Poids ").append((int) weight).append(" kg, taille ").append((int) height).append(" cm, IMC ")
                .append(decimal(weight / (height * height / 10_000), 1)).append(" kg/m². ");
            s.append("Pression artérielle ").append(105 + r.nextInt(75)).append('/').append(55 + r.nextInt(45))
                .append(" mmHg, fréquence cardiaque ").append(52 + r.nextInt(70)).append(" battements/min, SpO2 ")
                .append(88 + r.nextInt(12)).append(" % en air ambiant, température ").append(decimal(36.2 + r.nextDouble() * 3.2, 1))
                .append(" °C. ");
            List<String> findings = distinct(w -> pick(w.r, w.r.nextBoolean() ? w.theme.signs() : NORMAL_SIGNS), 2 + r.nextInt(3));
            s.append("On note ").append(joinFrench(findings)).append(". ");
            if (r.nextBoolean()) {
                s.append("Douleur évaluée à ").append(r.nextInt(9)).append("/10 sur l'échelle visuelle analogique. ");
            }
            return new Section("29545-1", "Examen clinique", s.toString().trim(), List.of());
        }

        private Section conclusion(String title) {
            StringBuilder s = new StringBuilder();
            s.append(pick(r, List.of("Au total, ", "Diagnostic retenu : ", "En conclusion, "))).append(mainDiagnosis.label())
                .append(' ').append(pick(r, QUALIFIERS)).append(". ");
            s.append("Conduite à tenir : ").append(joinFrench(distinct(Writer::plan, 2 + r.nextInt(2)))).append(". ");
            s.append(pick(r, List.of("Information délivrée " + g("au patient", "à la patiente") + " et à son entourage.",
                "Le médecin traitant est tenu informé de l'évolution.", "Les signes devant amener à consulter en urgence ont été expliqués.",
                "Prochaine consultation dans " + pick(r, DELAYS) + ", plus tôt si besoin.", "Dossier présenté au staff du service.")));
            return new Section("51848-0", title, s.toString().trim(), List.of());
        }

        private String plan() {
            Drug drug = themeDrug();
            return switch (r.nextInt(9)) {
                case 0 -> "poursuite du traitement en cours";
                case 1 -> "majoration de " + drug.dci() + " à " + drug.strongerDose();
                case 2 -> "introduction de " + drug.dci() + " " + drug.dose();
                case 3 -> "arrêt de " + drug.dci();
                case 4 -> "contrôle biologique (" + lower(themeLab().label()) + ") dans " + pick(r, DELAYS);
                case 5 -> themeExam().withArticle() + " à programmer";
                case 6 -> "réévaluation en consultation dans " + pick(r, DELAYS);
                case 7 -> "orientation vers " + pick(r, List.of("l'éducation thérapeutique", "une diététicienne",
                    "un kinésithérapeute", "l'assistante sociale", "le centre de la douleur", "l'équipe de soins palliatifs"));
                default -> "avis " + pick(r, THEMES).adjective() + " demandé";
            };
        }

        private Section medications(String code, String title, int count) {
            List<Drug> drugs = distinct(Writer::themeDrug, count);
            StringBuilder s = new StringBuilder();
            List<String> entries = new ArrayList<>();
            int n = 1;
            for (Drug drug : drugs) {
                s.append(n++).append(") ").append(capital(drug.dci())).append(' ').append(drug.dose()).append(" : ")
                    .append(pick(r, drug.posologies())).append(drug.chronic() ? "" : " pendant " + pick(r, COURSES)).append(". ");
                entries.add(CdaBuilder.medication(drug.cis(), drug.dci() + " " + drug.dose(), drug.doseValue(), drug.ucum()));
            }
            return new Section(code, title, s.toString().trim(), entries);
        }

        private Section problems(String code, String title) {
            List<Diagnosis> diagnoses = distinct(w -> w.r.nextInt(3) == 0 ? w.mainDiagnosis : w.anyDiagnosis(), 2 + r.nextInt(4));
            StringBuilder s = new StringBuilder();
            List<String> entries = new ArrayList<>();
            for (Diagnosis diagnosis : diagnoses) {
                s.append(capital(diagnosis.label()));
                if (r.nextBoolean()) {
                    s.append(" depuis ").append(Math.max(patient.birth().getYear() + 18, day.getYear() - 1 - r.nextInt(20)));
                }
                s.append(" ; ");
                entries.add(CdaBuilder.problem(diagnosis.cim10(), capital(diagnosis.label())));
            }
            return new Section(code, title, s.substring(0, s.length() - 3) + ".", entries);
        }

        private Section allergies() {
            if (r.nextInt(3) > 0) {
                return new Section("48765-2", "Allergies et intolérances", pick(r, List.of("Aucune allergie connue.",
                    "Pas d'allergie médicamenteuse connue.", "Allergies : néant.")), List.of());
            }
            List<Allergen> allergens = distinct(w -> pick(w.r, ALLERGENS), 1 + r.nextInt(2));
            StringBuilder s = new StringBuilder();
            List<String> entries = new ArrayList<>();
            for (Allergen allergen : allergens) {
                s.append("Allergie ").append(allergen.phrase()).append(" (").append(pick(r, REACTIONS)).append("). ");
                entries.add(CdaBuilder.allergy(allergen.atc(), capital(allergen.name())));
            }
            return new Section("48765-2", "Allergies et intolérances", s.toString().trim(), entries);
        }

        private Section results(String code, String title, List<Lab> labs) {
            StringBuilder s = new StringBuilder();
            List<String> entries = new ArrayList<>();
            for (Lab lab : labs) {
                double value = lab.draw(r);
                String shown = decimal(value, lab.decimals());
                s.append(lab.label()).append(" : ").append(shown).append(lab.unit().isEmpty() ? "" : " " + lab.unit())
                    .append(" (N : ").append(lab.normal()).append(")");
                if (value > lab.high() || value < lab.low()) {
                    s.append(value > lab.high() ? ", élevé" : ", abaissé");
                    if (r.nextBoolean()) {
                        s.append(" (antériorité du ").append(frenchDate(day.minusDays(20 + r.nextInt(400)))).append(" : ")
                            .append(decimal(lab.draw(r), lab.decimals())).append(')');
                    }
                }
                s.append(" ; ");
                entries.add(CdaBuilder.result(lab.loinc(), lab.label(), shown.replace(',', '.'), lab.ucum()));
            }
            return new Section(code, title, s.substring(0, s.length() - 3) + ".", entries);
        }

        private List<Lab> labs(int count) {
            return distinct(Writer::themeLab, count);
        }

        private Section course() {
            StringBuilder s = new StringBuilder();
            s.append("L'évolution a été ").append(pick(r, List.of("favorable", "lentement favorable", "marquée par une amélioration progressive")))
                .append(" sous ").append(themeDrug().dci()).append(", avec ").append(pick(r, IMPROVEMENTS)).append(". ");
            if (r.nextBoolean()) {
                s.append("Le séjour a été marqué par ").append(pick(r, COMPLICATIONS)).append(". ");
            }
            Exam exam = themeExam();
            s.append(capital(exam.withArticle())).append(" réalisé").append(exam.feminine() ? "e" : "").append(" le ")
                .append(frenchDate(day.minusDays(1 + r.nextInt(6)))).append(" : ").append(lower(pick(r, exam.findings())))
                .append(". ");
            Lab lab = themeLab();
            s.append(lab.label()).append(" à ").append(decimal(lab.draw(r), lab.decimals()))
                .append(lab.unit().isEmpty() ? "" : " " + lab.unit()).append(" à l'entrée. ");
            s.append(pick(r, List.of("Retour à domicile", "Retour à domicile avec passage d'une infirmière",
                "Transfert en soins de suite et de réadaptation", "Retour en EHPAD", "Sortie à domicile avec hospitalisation à domicile")))
                .append(" le ").append(frenchDate(day)).append(". ");
            return new Section("8648-8", pick(r, List.of("Évolution dans le service", "Synthèse du séjour")), s.toString().trim(),
                List.of());
        }

        private Section followUp() {
            String s = "Rendez-vous " + pick(r, List.of("en consultation de ", "en hôpital de jour de ", "de suivi en "))
                + theme.specialty() + " dans " + pick(r, DELAYS) + ". " + capital(joinFrench(distinct(Writer::plan, 2))) + ". "
                + pick(r, List.of("Arrêt de travail de 15 jours.", "Pas de conduite automobile pendant un mois.",
                "Passage infirmier quotidien pour surveillance.", "Le médecin traitant est destinataire de ce courrier.",
                "Carte de porteur remise au patient."));
            return new Section("18776-5", "Suites à donner", s, List.of());
        }

        // The eight document types

        String consultation(List<Section> sections) {
            sections.add(reason("29299-5", "Motif"));
            sections.add(problems("11348-0", "Antécédents"));
            if (r.nextBoolean()) {
                sections.add(allergies());
            }
            sections.add(history());
            sections.add(examination());
            if (r.nextBoolean()) {
                sections.add(results("30954-2", "Résultats biologiques récents", labs(2 + r.nextInt(3))));
            }
            sections.add(conclusion("Conclusion"));
            if (r.nextBoolean()) {
                sections.add(medications("10160-0", "Traitement", 1 + r.nextInt(3)));
            }
            return pick(r, List.of("Compte rendu de consultation de " + author.specialty(), "Consultation de " + author.specialty(),
                "Consultation de suivi – " + author.specialty(), "Avis " + theme.adjective() + " – " + patient.family()));
        }

        String liaisonLetter(List<Section> sections) {
            sections.add(new Section("46241-6", "Motif d'hospitalisation", capital(mainDiagnosis.label()) + " révélé"
                + (mainDiagnosis.feminine() ? "e" : "") + " par " + symptom() + ". Entrée le "
                + frenchDate(day.minusDays(2 + r.nextInt(12))) + " par " + pick(r, List.of("les urgences", "entrée directe",
                "transfert de réanimation", "mutation interne")) + ".", List.of()));
            sections.add(problems("11348-0", "Antécédents"));
            if (r.nextBoolean()) {
                sections.add(examination());
            }
            sections.add(course());
            sections.add(results("30954-2", "Résultats significatifs", labs(3 + r.nextInt(3))));
            sections.add(medications("10183-2", "Traitement de sortie", 3 + r.nextInt(4)));
            sections.add(allergies());
            sections.add(followUp());
            return pick(r, List.of("Lettre de liaison – sortie du service de " + author.specialty(),
                "Lettre de liaison à la sortie", "Courrier de sortie d'hospitalisation – " + author.specialty()));
        }

        String hospitalReport(List<Section> sections) {
            sections.add(reason("46241-6", "Motif d'hospitalisation"));
            sections.add(problems("11348-0", "Antécédents"));
            sections.add(history());
            sections.add(examination());
            sections.add(course());
            sections.add(results("30954-2", "Examens complémentaires", labs(3 + r.nextInt(4))));
            sections.add(conclusion("Conclusion de sortie"));
            return pick(r, List.of("Compte rendu d'hospitalisation en " + author.specialty(),
                "CRH – séjour du " + frenchDate(day.minusDays(3 + r.nextInt(10))) + " au " + frenchDate(day),
                "Compte rendu d'hospitalisation complète"));
        }

        String labReport(List<Section> sections) {
            sections.add(new Section("29299-5", "Renseignements cliniques", "Prélèvement du " + frenchDate(day) + " à "
                + (7 + r.nextInt(4)) + " h " + (10 + r.nextInt(50)) + ", " + pick(r, List.of("à jeun", "non à jeun",
                "en urgence", "au domicile par une infirmière")) + ". Contexte : " + mainDiagnosis.label() + ". "
                + pick(r, List.of("Traitement en cours par " + themeDrug().dci() + ".", "Bilan demandé par le Dr "
                + author.family() + ".", "Contrôle après adaptation thérapeutique.")), List.of()));
            sections.add(results("18723-7", "Hématologie", BLOOD_COUNT.subList(0, 4 + r.nextInt(BLOOD_COUNT.size() - 3))));
            sections.add(results("18719-5", "Biochimie", distinct(w -> pick(w.r, CHEMISTRY), 5 + r.nextInt(4))));
            if (r.nextInt(3) == 0) {
                sections.add(results("18720-3", "Hémostase", distinct(w -> pick(w.r, COAGULATION), 2 + r.nextInt(2))));
            }
            sections.add(results("26436-6", "Bilan spécialisé", distinct(w -> pick(w.r, w.theme.labs()), 2 + r.nextInt(3))));
            sections.add(new Section("51848-0", "Commentaire du biologiste", String.join(" ", distinct(w -> pick(w.r, LAB_COMMENTS),
                2 + r.nextInt(2))) + " Prochain contrôle conseillé dans " + pick(r, DELAYS) + ". Résultats validés par le Dr "
                + author.family() + ", biologiste, le " + frenchDate(day) + ".", List.of()));
            return pick(r, List.of("Compte rendu d'examens biologiques", "Bilan biologique du " + frenchDate(day),
                "Résultats de biologie médicale", "Bilan sanguin de contrôle"));
        }

        String imagingReport(List<Section> sections) {
            Exam exam = themeExam();
            sections.add(new Section("18785-6", "Indication", capital(symptom()) + " chez " + g("un patient", "une patiente")
                + " de " + age + " ans suivi" + g("", "e") + " pour " + mainDiagnosis.indefinite() + ", " + context() + ". "
                + "Traitement en cours : " + joinFrench(distinct(w -> w.themeDrug().dci(), 1 + r.nextInt(3))) + ". " + pick(r,
                List.of("Recherche de complication.", "Bilan d'extension.", "Contrôle évolutif.", "Bilan initial.",
                    "Élimination d'une urgence.")), List.of()));
            sections.add(new Section("55111-9", "Technique", "Examen réalisé le " + frenchDate(day) + " à " + (8 + r.nextInt(10))
                + " h " + (10 + r.nextInt(50)) + ". " + exam.technique() + " " + pick(r, List.of("Examen bien toléré.",
                "Créatininémie préalable vérifiée.", "Patient peu coopérant, examen de qualité moyenne.",
                "Examen de bonne qualité technique.")), List.of()));
            List<String> findings = distinct(w -> pick(w.r, w.r.nextInt(3) == 0 ? exam.normal() : exam.findings()), 4 + r.nextInt(3));
            findings.addAll(distinct(w -> pick(w.r, IMAGING_GENERAL), 2 + r.nextInt(3)));
            sections.add(new Section("18782-3", "Résultats", String.join(". ", findings) + ".", List.of()));
            if (r.nextBoolean()) {
                sections.add(new Section("18834-2", "Comparaison", "Comparaison avec " + exam.withArticle() + " du "
                    + frenchDate(day.minusMonths(2 + r.nextInt(30))) + " : " + pick(r, List.of("aspect globalement stable",
                    "majoration des anomalies décrites", "régression partielle des lésions", "apparition d'une anomalie nouvelle",
                    "nette amélioration")) + ".", List.of()));
            }
            sections.add(new Section("19005-8", "Conclusion", pick(r, exam.findings()) + ". " + pick(r, List.of(
                "Comparaison avec l'examen du " + frenchDate(day.minusMonths(3 + r.nextInt(20))) + " : aspect stable.",
                "Avis spécialisé souhaitable.", "Contrôle à distance proposé.", "Pas d'autre anomalie décelable.")) + " Examen interprété par le Dr "
                + pick(r, FAMILY_NAMES) + ", radiologue, et transmis au Dr " + author.family() + " (" + author.specialty() + ").", List.of()));
            return exam.title() + (r.nextBoolean() ? "" : " du " + frenchDate(day));
        }

        String prescription(List<Section> sections) {
            double weight = 45 + r.nextInt(60);
            sections.add(new Section("29299-5", "Identification", "Prescription établie le " + frenchDate(day) + " par le Dr "
                + author.given() + " " + author.family() + " (" + author.specialty() + ") pour " + patient.civility() + ", "
                + age + " ans, " + (int) weight + " kg. " + pick(r, List.of("Clairance de la créatinine estimée à "
                + (25 + r.nextInt(90)) + " mL/min.", "Pas d'allergie médicamenteuse connue.", "Allergie " + pick(r, ALLERGENS).phrase()
                + " signalée.", "Grossesse : non.")), List.of()));
            sections.add(medications("10160-0", "Prescription", 3 + r.nextInt(5)));
            if (r.nextBoolean()) {
                sections.add(new Section("18776-5", "Biologie à réaliser", "Prélèvement au laboratoire ou à domicile "
                    + pick(r, List.of("dans un mois", "avant la prochaine consultation", "tous les trois mois", "dans huit jours"))
                    + " : " + joinFrench(distinct(w -> lower(w.themeLab().label()), 3 + r.nextInt(3))) + ".", List.of()));
            }
            sections.add(new Section("69730-0", "Conseils", String.join(" ", distinct(w -> pick(w.r, ADVICE), 2 + r.nextInt(2))),
                List.of()));
            if (r.nextInt(5) < 2) {
                sections.add(new Section("18776-5", "Soins infirmiers", "Passage infirmier à domicile "
                    + pick(r, List.of("une fois par jour", "deux fois par jour", "trois fois par semaine")) + " pour "
                    + joinFrench(distinct(w -> pick(w.r, NURSING), 2 + r.nextInt(2))) + ", pendant " + pick(r, COURSES) + ".", List.of()));
            }
            sections.add(new Section("18776-5", "Mentions", pick(r, List.of("Ordonnance valable trois mois.",
                "Ordonnance renouvelable deux fois.", "Traitement à poursuivre jusqu'à la prochaine consultation.",
                "Substitution par un générique autorisée.")) + " " + pick(r, List.of("Contexte : " + mainDiagnosis.label() + ".",
                "Surveillance biologique (" + lower(themeLab().label()) + ") à prévoir.",
                "Préparation des piluliers par l'infirmière à domicile.")), List.of()));
            return pick(r, List.of("Ordonnance", "Ordonnance de sortie", "Prescription médicamenteuse",
                "Ordonnance bizone – " + mainDiagnosis.term()));
        }

        String summary(List<Section> sections) {
            sections.add(problems("11450-4", "Problèmes actifs et antécédents"));
            sections.add(allergies());
            sections.add(medications("10160-0", "Traitements au long cours", 4 + r.nextInt(5)));
            sections.add(new Section("18776-5", "Suivi et points de vigilance", "Suivi " + theme.adjective() + " par le Dr "
                + pick(r, FAMILY_NAMES) + " tous les " + pick(r, List.of("trois", "six", "douze")) + " mois. "
                + capital(joinFrench(distinct(w -> pick(w.r, VIGILANCE), 2 + r.nextInt(2)))) + ".", List.of()));
            sections.add(new Section("29762-2", "Mode de vie et facteurs de risque", pick(r, LIFESTYLE) + ". " + pick(r, LIFESTYLE)
                + ". " + pick(r, List.of("Vit à domicile avec son conjoint.", "Vit seul" + g("", "e") + " avec aides à domicile.",
                "Réside en EHPAD.", "En activité professionnelle.", "Retraité" + g("", "e") + ".")), List.of()));
            sections.add(new Section("11369-6", "Vaccinations", "Vaccination antigrippale " + (day.getYear() - r.nextInt(2))
                + " ; rappel diphtérie-tétanos-poliomyélite en " + (day.getYear() - r.nextInt(10)) + " ; "
                + pick(r, List.of("vaccination antipneumococcique à jour", "vaccination contre la COVID-19 à jour",
                "vaccination contre le zona réalisée", "statut vaccinal à compléter")) + ".", List.of()));
            return pick(r, List.of("Synthèse médicale", "Volet de synthèse médicale (VSM)",
                "Synthèse médicale du Dr " + author.family(), "Synthèse du dossier – mise à jour du " + frenchDate(day)));
        }

        String tumourBoard(List<Section> sections) {
            Cancer cancer = pick(r, CANCERS);
            sections.add(new Section("10164-2", "Présentation du dossier", capital(patientWord()) + " de " + age + " ans, "
                + context() + ", OMS " + r.nextInt(3) + ". Diagnostic " + de(cancer.name()) + ", " + cancer.stage(r)
                + ", sur " + pick(r, List.of("biopsie scanno-guidée", "biopsie per-endoscopique", "pièce opératoire",
                "biopsie ganglionnaire")) + " du " + frenchDate(day.minusWeeks(2 + r.nextInt(6))) + ". "
                + pick(r, cancer.markers()) + ". Circonstances de découverte : " + symptom() + ". " + capital(pick(r, LIFESTYLE))
                + ". Poids " + (45 + r.nextInt(55)) + " kg, perte de " + r.nextInt(12) + " kg.", List.of()));
            Exam exam = pick(r, STAGING_EXAMS);
            sections.add(new Section("18782-3", "Bilan d'extension", capital(exam.withArticle()) + " : "
                + lower(pick(r, exam.findings())) + ". " + pick(r, exam.normal()) + ". " + capital(Exams.BRAIN_MRI.withArticle())
                + " : " + lower(pick(r, Exams.BRAIN_MRI.normal())) + ". Marqueurs : LDH à " + (150 + r.nextInt(500)) + " UI/L, albuminémie à "
                + (25 + r.nextInt(20)) + " g/L.", List.of()));
            List<String> options = distinct(w -> pick(w.r, cancer.treatments()), 2);
            sections.add(new Section("51848-0", "Discussion", "Dossier présenté par le Dr " + author.family() + ". "
                + "Les options discutées sont " + joinFrench(options) + ". " + pick(r, List.of(
                "L'âge et les comorbidités (" + anyDiagnosis().label() + ") sont pris en compte.",
                "Le bilan d'extension ne montre pas de contre-indication.", "Une évaluation oncogériatrique est souhaitable.",
                "Le référentiel régional s'applique.")), List.of()));
            sections.add(new Section("18776-5", "Proposition de la RCP", capital(options.get(0)) + ". "
                + pick(r, List.of("Décision prise en accord avec " + g("le patient", "la patiente") + ".",
                "Proposition à présenter au patient en consultation d'annonce.", "Inclusion possible dans un essai thérapeutique.",
                "Rediscussion en RCP après le bilan.")), List.of()));
            sections.add(new Section("29299-5", "Participants", "Dr " + author.family() + " (" + author.specialty()
                + "), Dr " + pick(r, FAMILY_NAMES) + " (chirurgie), Dr " + pick(r, FAMILY_NAMES) + " (radiothérapie), Dr "
                + pick(r, FAMILY_NAMES) + " (anatomopathologie), Dr " + pick(r, FAMILY_NAMES) + " (radiologie).", List.of()));
            return "RCP " + cancer.board() + " du " + frenchDate(day);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    private SplittableRandom random(long salt, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + index * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }

    private static <T> T pick(SplittableRandom r, List<T> items) {
        return items.get(r.nextInt(items.size()));
    }

    private static DocType pickWeighted(SplittableRandom r, List<DocType> types) {
        int total = types.stream().mapToInt(DocType::weight).sum();
        int at = r.nextInt(total);
        for (DocType type : types) {
            at -= type.weight();
            if (at < 0) {
                return type;
            }
        }
        throw new IllegalStateException();
    }

    /** "de" before a noun phrase: "de + des" is "de", "de + le" is "du", and before a vowel "d'". */
    static String de(String phrase) {
        if (phrase.startsWith("des ")) {
            return "de " + phrase.substring(4);
        }
        if (phrase.startsWith("le ")) {
            return "du " + phrase.substring(3);
        }
        return "aeiouyh".indexOf(Character.toLowerCase(plain(phrase.substring(0, 1)).charAt(0))) >= 0 ? "d'" + phrase : "de " + phrase;
    }

    static String decimal(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value).replace('.', ',');
    }

    private static String lower(String sentence) {
        return sentence.length() > 1 && Character.isUpperCase(sentence.charAt(0)) && !Character.isUpperCase(sentence.charAt(1))
            ? Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1) : sentence;
    }

    /** Without accents (œ as oe), as typed on a keyboard in a hurry. */
    static String plain(String text) {
        return Normalizer.normalize(text.replace("œ", "oe").replace("Œ", "OE"), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Vocabulary (synthetic data; codes are real code systems' codes, CIS codes are made up)

    private record DocType(String code, String display, int weight) {
    }

    private static final List<DocType> DOC_TYPES = List.of(
        new DocType("11502-2", "CR d'examens biologiques", 24),
        new DocType("11488-4", "CR de consultation", 20),
        new DocType("18748-4", "CR d'imagerie médicale", 15),
        new DocType("11490-0", "Lettre de liaison à la sortie d'un établissement de soins", 11),
        new DocType("34112-3", "CR d'hospitalisation (séjour)", 10),
        new DocType("57833-6", "Prescription de produits de santé", 10),
        new DocType("60591-5", "Synthèse médicale", 5),
        new DocType("34794-8", "CR de réunion de concertation pluridisciplinaire", 5));

    private record Diagnosis(String cim10, String label, String term, boolean feminine) {
        String indefinite() {
            return (feminine ? "une " : "un ") + label;
        }
    }

    private record Drug(String dci, String dose, String doseValue, String ucum, String strongerDose, List<String> posologies,
                        boolean chronic) {
        String cis() {
            return Integer.toString(60_000_000 + Math.floorMod(dci.hashCode(), 9_999_999));
        }
    }

    private record Lab(String loinc, String label, String unit, String ucum, double low, double high, double min, double max,
                       int decimals) {
        String normal() {
            return decimal(low, decimals) + "–" + decimal(high, decimals);
        }

        /** Mostly within the normal range, sometimes far out. */
        double draw(SplittableRandom r) {
            double value = r.nextInt(3) > 0 ? low + (high - low) * r.nextDouble() : min + (max - min) * r.nextDouble();
            double scale = Math.pow(10, decimals);
            return Math.round(value * scale) / scale;
        }
    }

    private record Exam(String title, String withArticle, boolean feminine, String technique, List<String> findings,
                        List<String> normal) {
    }

    private record Allergen(String atc, String name, String phrase) {
    }

    private record Cancer(String name, String board, List<String> stages, List<String> markers, List<String> treatments) {
        String stage(SplittableRandom r) {
            return pick(r, stages);
        }
    }

    private record Theme(String specialty, String adjective, List<Diagnosis> diagnoses, List<Drug> drugs, List<Lab> labs,
                         List<Exam> exams, List<String> symptoms, List<String> signs) {
    }

    private static Drug drug(String dci, String dose, String ucum, String stronger, boolean chronic, String... posologies) {
        String value = dose.replaceAll("[^0-9,]", "").replace(',', '.');
        return new Drug(dci, dose, value.isEmpty() ? "1" : value, ucum, stronger, List.of(posologies), chronic);
    }

    private static Diagnosis dx(String cim10, String label, String term, boolean feminine) {
        return new Diagnosis(cim10, label, term, feminine);
    }

    private static Lab lab(String loinc, String label, String unit, String ucum, double low, double high, double min, double max,
                           int decimals) {
        return new Lab(loinc, label, unit, ucum, low, high, min, max, decimals);
    }

    private static final Map<String, Lab> LABS = Stream.of(
        lab("718-7", "Hémoglobine", "g/dL", "g/dL", 12, 16, 6.8, 18.5, 1),
        lab("6690-2", "Leucocytes", "G/L", "10*9/L", 4, 10, 1.2, 28, 1),
        lab("777-3", "Plaquettes", "G/L", "10*9/L", 150, 400, 35, 680, 0),
        lab("14682-9", "Créatininémie", "µmol/L", "umol/L", 50, 100, 38, 480, 0),
        lab("62238-1", "DFG estimé (CKD-EPI)", "mL/min/1,73 m²", "mL/min/{1.73_m2}", 90, 120, 9, 118, 0),
        lab("3094-0", "Urée", "mmol/L", "mmol/L", 2.5, 7.5, 1.8, 38, 1),
        lab("2823-3", "Kaliémie", "mmol/L", "mmol/L", 3.5, 5, 2.6, 6.6, 1),
        lab("2951-2", "Natrémie", "mmol/L", "mmol/L", 135, 145, 118, 152, 0),
        lab("2000-8", "Calcémie", "mmol/L", "mmol/L", 2.2, 2.6, 1.8, 3.4, 2),
        lab("1988-5", "Protéine C réactive (CRP)", "mg/L", "mg/L", 0, 5, 0.5, 310, 1),
        lab("15074-8", "Glycémie à jeun", "mmol/L", "mmol/L", 3.9, 5.5, 2.9, 19, 2),
        lab("4548-4", "Hémoglobine glyquée (HbA1c)", "%", "%", 4, 6, 4.8, 12.5, 1),
        lab("13457-7", "LDL-cholestérol", "g/L", "g/L", 0.5, 1.6, 0.4, 2.6, 2),
        lab("3016-3", "TSH", "mUI/L", "m[IU]/L", 0.4, 4, 0.01, 22, 2),
        lab("1742-6", "ALAT", "UI/L", "U/L", 7, 40, 8, 620, 0),
        lab("1920-8", "ASAT", "UI/L", "U/L", 10, 40, 10, 540, 0),
        lab("2324-2", "Gamma-GT", "UI/L", "U/L", 8, 61, 9, 780, 0),
        lab("1975-2", "Bilirubine totale", "µmol/L", "umol/L", 3, 21, 3, 240, 0),
        lab("1751-7", "Albuminémie", "g/L", "g/L", 35, 50, 19, 49, 0),
        lab("6301-6", "INR", "", "{INR}", 0.8, 1.2, 0.9, 5.8, 1),
        lab("33762-6", "NT-proBNP", "pg/mL", "pg/mL", 0, 125, 25, 14_000, 0),
        lab("10839-9", "Troponine I hypersensible", "ng/L", "ng/L", 0, 34, 2, 4_800, 0),
        lab("2276-4", "Ferritine", "µg/L", "ug/L", 30, 300, 4, 1_600, 0),
        lab("2857-1", "PSA total", "ng/mL", "ng/mL", 0, 4, 0.1, 85, 2),
        lab("2889-4", "Protéinurie des 24 heures", "g/24 h", "g/(24.h)", 0, 0.15, 0.02, 6.5, 2),
        lab("33914-3", "Lactates", "mmol/L", "mmol/L", 0.5, 2, 0.4, 9.5, 1),
        lab("2532-0", "LDH", "UI/L", "U/L", 120, 246, 110, 1_900, 0),
        lab("19123-9", "Magnésémie", "mmol/L", "mmol/L", 0.7, 1.05, 0.4, 1.4, 2),
        lab("787-2", "VGM", "fL", "fL", 80, 100, 62, 118, 0),
        lab("751-8", "Polynucléaires neutrophiles", "G/L", "10*9/L", 1.5, 7, 0.3, 22, 2),
        lab("731-0", "Lymphocytes", "G/L", "10*9/L", 1, 4, 0.2, 6, 2),
        lab("5894-1", "Taux de prothrombine", "%", "%", 70, 100, 18, 100, 0),
        lab("3255-7", "Fibrinogène", "g/L", "g/L", 2, 4, 1, 8.5, 1),
        lab("48065-7", "D-dimères", "µg/L", "ug/L{FEU}", 0, 500, 150, 9_000, 0),
        lab("2157-6", "CPK", "UI/L", "U/L", 30, 200, 25, 4_500, 0),
        lab("3040-3", "Lipase", "UI/L", "U/L", 13, 60, 10, 2_400, 0),
        lab("6768-6", "Phosphatases alcalines", "UI/L", "U/L", 40, 130, 35, 900, 0),
        lab("14933-6", "Uricémie", "µmol/L", "umol/L", 150, 420, 120, 720, 0),
        lab("2571-8", "Triglycérides", "g/L", "g/L", 0.35, 1.5, 0.3, 6.5, 2),
        lab("2085-9", "HDL-cholestérol", "g/L", "g/L", 0.4, 0.8, 0.2, 1.1, 2),
        lab("33959-8", "Procalcitonine", "µg/L", "ug/L", 0, 0.5, 0.02, 45, 2)
    ).collect(Collectors.toMap(Lab::loinc, l -> l));

    private static List<Lab> labs(String... loincs) {
        return Stream.of(loincs).map(LABS::get).toList();
    }

    private static final List<Lab> BLOOD_COUNT = labs("718-7", "6690-2", "777-3", "787-2", "751-8", "731-0");

    private static final List<Lab> CHEMISTRY = labs("2951-2", "2823-3", "14682-9", "62238-1", "3094-0", "1988-5", "15074-8",
        "2000-8", "1751-7", "14933-6", "2571-8", "2085-9", "6768-6", "2157-6", "3040-3", "33959-8");

    private static final List<Lab> COAGULATION = labs("5894-1", "6301-6", "3255-7", "48065-7");

    private static final List<Lab> COMMON_LABS = labs("718-7", "6690-2", "777-3", "14682-9", "62238-1", "2823-3", "2951-2",
        "1988-5", "15074-8");

    private static final List<Drug> COMMON_DRUGS = List.of(
        drug("paracétamol", "1 g", "g", "1 g", false, "1 comprimé toutes les 6 heures si douleur", "1 g trois fois par jour"),
        drug("oméprazole", "20 mg", "mg", "40 mg", true, "1 gélule le matin à jeun"),
        drug("macrogol", "10 g", "g", "20 g", false, "1 sachet le matin"),
        drug("zopiclone", "7,5 mg", "mg", "7,5 mg", false, "1/2 comprimé au coucher si besoin"),
        drug("cholécalciférol", "100 000 UI", "[iU]", "200 000 UI", true, "1 ampoule tous les trois mois"),
        drug("énoxaparine", "4000 UI", "[iU]", "6000 UI", false, "1 injection sous-cutanée par jour"),
        drug("tramadol", "50 mg", "mg", "100 mg", false, "1 gélule jusqu'à trois fois par jour si douleur"));

    private static final List<Theme> THEMES = List.of(
        new Theme("cardiologie", "cardiologique",
            List.of(dx("I50.9", "insuffisance cardiaque à fraction d'éjection altérée", "insuffisance cardiaque", true),
                dx("I48.9", "fibrillation atriale paroxystique", "fibrillation atriale", true),
                dx("I10", "hypertension artérielle essentielle", "hypertension artérielle", true),
                dx("I21.4", "infarctus du myocarde sans sus-décalage du segment ST", "infarctus", false),
                dx("I25.1", "cardiopathie ischémique stable", "cardiopathie ischémique", true),
                dx("I35.0", "rétrécissement aortique calcifié", "rétrécissement aortique", false),
                dx("I26.9", "embolie pulmonaire", "embolie pulmonaire", true),
                dx("I80.2", "thrombose veineuse profonde du membre inférieur", "thrombose veineuse", true)),
            List.of(drug("bisoprolol", "2,5 mg", "mg", "5 mg", true, "1 comprimé le matin"),
                drug("ramipril", "5 mg", "mg", "10 mg", true, "1 comprimé le matin"),
                drug("furosémide", "40 mg", "mg", "80 mg", true, "1 comprimé le matin", "2 comprimés le matin"),
                drug("apixaban", "5 mg", "mg", "5 mg", true, "1 comprimé matin et soir"),
                drug("atorvastatine", "40 mg", "mg", "80 mg", true, "1 comprimé le soir"),
                drug("acide acétylsalicylique", "75 mg", "mg", "160 mg", true, "1 sachet par jour au cours du repas"),
                drug("sacubitril/valsartan", "49 mg/51 mg", "mg", "97 mg/103 mg", true, "1 comprimé matin et soir"),
                drug("spironolactone", "25 mg", "mg", "50 mg", true, "1 comprimé le matin"),
                drug("amlodipine", "5 mg", "mg", "10 mg", true, "1 comprimé par jour"),
                drug("rivaroxaban", "20 mg", "mg", "20 mg", true, "1 comprimé le soir au cours du repas"),
                drug("clopidogrel", "75 mg", "mg", "75 mg", true, "1 comprimé par jour"),
                drug("amiodarone", "200 mg", "mg", "400 mg", true, "1 comprimé par jour 5 jours sur 7")),
            labs("33762-6", "10839-9", "2823-3", "14682-9", "13457-7", "6301-6", "19123-9"),
            List.of(Exams.ECHOCARDIOGRAM, Exams.CHEST_CT_ANGIO, Exams.CHEST_XRAY, Exams.LEG_DOPPLER, Exams.CARDIAC_MRI),
            List.of("une dyspnée d'effort stade III de la NYHA", "des douleurs thoraciques constrictives", "des palpitations",
                "des œdèmes des membres inférieurs", "une syncope à l'emporte-pièce", "une orthopnée",
                "une prise de poids de 4 kg en une semaine", "une douleur du mollet gauche"),
            List.of("un souffle systolique aortique 3/6 irradiant aux carotides", "des crépitants aux deux bases pulmonaires",
                "une turgescence jugulaire avec reflux hépato-jugulaire", "des œdèmes prenant le godet jusqu'aux genoux",
                "un rythme cardiaque irrégulier", "un mollet gauche augmenté de volume et douloureux")),
        new Theme("pneumologie", "pneumologique",
            List.of(dx("J44.1", "bronchopneumopathie chronique obstructive en exacerbation", "bronchopneumopathie chronique obstructive", true),
                dx("J18.9", "pneumopathie infectieuse communautaire", "pneumopathie", true),
                dx("J45.9", "asthme allergique", "asthme", false),
                dx("J96.0", "insuffisance respiratoire aiguë", "insuffisance respiratoire", true),
                dx("G47.3", "syndrome d'apnées obstructives du sommeil", "apnées du sommeil", false),
                dx("J84.1", "fibrose pulmonaire idiopathique", "fibrose pulmonaire", true),
                dx("J90", "épanchement pleural", "épanchement pleural", false)),
            List.of(drug("tiotropium", "2,5 µg", "ug", "5 µg", true, "2 inhalations le matin"),
                drug("salbutamol", "100 µg", "ug", "200 µg", true, "2 bouffées si gêne respiratoire"),
                drug("budésonide/formotérol", "200 µg/6 µg", "ug", "400 µg/12 µg", true, "1 inhalation matin et soir"),
                drug("amoxicilline", "1 g", "g", "1 g", false, "1 comprimé trois fois par jour"),
                drug("amoxicilline/acide clavulanique", "1 g/125 mg", "g", "1 g/125 mg", false, "1 sachet trois fois par jour"),
                drug("prednisolone", "20 mg", "mg", "40 mg", false, "2 comprimés le matin"),
                drug("azithromycine", "250 mg", "mg", "500 mg", false, "1 comprimé par jour"),
                drug("montélukast", "10 mg", "mg", "10 mg", true, "1 comprimé le soir")),
            labs("1988-5", "6690-2", "33914-3", "2951-2"),
            List.of(Exams.CHEST_CT, Exams.CHEST_XRAY, Exams.CHEST_CT_ANGIO, Exams.PET_CT),
            List.of("une toux productive", "une dyspnée de repos", "une fièvre à 39 °C", "une hémoptysie de faible abondance",
                "des expectorations purulentes", "une douleur thoracique basithoracique droite", "des sueurs nocturnes",
                "une somnolence diurne"),
            List.of("des râles sibilants diffus", "des crépitants en foyer à la base droite", "une distension thoracique",
                "un tirage sus-claviculaire", "une matité de la base gauche", "un hippocratisme digital")),
        new Theme("endocrinologie-diabétologie", "endocrinologique",
            List.of(dx("E11.9", "diabète de type 2", "diabète", false),
                dx("E10.9", "diabète de type 1", "diabète", false),
                dx("E66.9", "obésité de grade 2", "obésité", true),
                dx("E03.9", "hypothyroïdie", "hypothyroïdie", true),
                dx("E05.0", "maladie de Basedow", "Basedow", true),
                dx("E78.0", "hypercholestérolémie familiale", "hypercholestérolémie", true),
                dx("E11.4", "neuropathie diabétique", "neuropathie diabétique", true)),
            List.of(drug("metformine", "850 mg", "mg", "1000 mg", true, "1 comprimé matin et soir au cours des repas"),
                drug("insuline glargine", "20 UI", "[iU]", "26 UI", true, "20 unités le soir", "injection sous-cutanée le soir"),
                drug("insuline asparte", "6 UI", "[iU]", "8 UI", true, "selon le schéma d'insulinothérapie fonctionnelle"),
                drug("sitagliptine", "100 mg", "mg", "100 mg", true, "1 comprimé par jour"),
                drug("empagliflozine", "10 mg", "mg", "25 mg", true, "1 comprimé le matin"),
                drug("sémaglutide", "0,5 mg", "mg", "1 mg", true, "1 injection sous-cutanée par semaine"),
                drug("lévothyroxine", "75 µg", "ug", "100 µg", true, "1 comprimé le matin à jeun"),
                drug("rosuvastatine", "10 mg", "mg", "20 mg", true, "1 comprimé le soir"),
                drug("thiamazole", "20 mg", "mg", "40 mg", true, "1 comprimé par jour")),
            labs("4548-4", "15074-8", "3016-3", "13457-7", "14682-9", "2889-4"),
            List.of(Exams.THYROID_US, Exams.ABDOMINAL_US, Exams.LEG_DOPPLER),
            List.of("une polyurie-polydipsie", "un amaigrissement de 6 kg en trois mois", "une asthénie marquée",
                "des hypoglycémies nocturnes", "une plaie chronique du pied droit", "des paresthésies des deux pieds",
                "une frilosité inhabituelle", "un tremblement fin des extrémités"),
            List.of("une hypoesthésie en chaussettes", "un mal perforant plantaire", "un goitre homogène",
                "une exophtalmie bilatérale", "une acanthosis nigricans", "des pouls pédieux perçus")),
        new Theme("néphrologie", "néphrologique",
            List.of(dx("N18.4", "insuffisance rénale chronique de stade 4", "insuffisance rénale", true),
                dx("N17.9", "insuffisance rénale aiguë fonctionnelle", "insuffisance rénale", true),
                dx("N04.9", "syndrome néphrotique", "syndrome néphrotique", false),
                dx("N39.0", "infection urinaire", "infection urinaire", true),
                dx("N20.0", "lithiase rénale", "lithiase rénale", true),
                dx("N10", "pyélonéphrite aiguë", "pyélonéphrite", true)),
            List.of(drug("furosémide", "40 mg", "mg", "80 mg", true, "1 comprimé le matin"),
                drug("époétine bêta", "5000 UI", "[iU]", "10000 UI", true, "1 injection sous-cutanée par semaine"),
                drug("carbonate de calcium", "500 mg", "mg", "1 g", true, "1 comprimé à chaque repas"),
                drug("ceftriaxone", "1 g", "g", "2 g", false, "1 injection intraveineuse par jour"),
                drug("ofloxacine", "200 mg", "mg", "200 mg", false, "1 comprimé matin et soir"),
                drug("allopurinol", "100 mg", "mg", "200 mg", true, "1 comprimé par jour"),
                drug("bicarbonate de sodium", "1 g", "g", "2 g", true, "1 gélule trois fois par jour")),
            labs("14682-9", "62238-1", "3094-0", "2823-3", "2000-8", "2889-4", "1751-7"),
            List.of(Exams.RENAL_US, Exams.ABDOMINAL_CT),
            List.of("une oligurie", "des brûlures mictionnelles", "une douleur lombaire droite", "une hématurie macroscopique",
                "des œdèmes des membres inférieurs", "une fièvre avec frissons"),
            List.of("une fosse lombaire droite sensible", "des œdèmes déclives", "un contact lombaire",
                "une fistule artério-veineuse fonctionnelle", "une déshydratation extracellulaire")),
        new Theme("neurologie", "neurologique",
            List.of(dx("I63.5", "accident vasculaire cérébral ischémique sylvien gauche", "accident vasculaire cérébral", false),
                dx("G40.9", "épilepsie", "épilepsie", true),
                dx("G35", "sclérose en plaques", "sclérose en plaques", true),
                dx("G30.9", "maladie d'Alzheimer", "Alzheimer", true),
                dx("G20", "maladie de Parkinson", "Parkinson", true),
                dx("G43.9", "migraine sans aura", "migraine", true),
                dx("S06.5", "hématome sous-dural chronique", "hématome sous-dural", false)),
            List.of(drug("lévétiracétam", "500 mg", "mg", "1000 mg", true, "1 comprimé matin et soir"),
                drug("donépézil", "10 mg", "mg", "10 mg", true, "1 comprimé au coucher"),
                drug("lévodopa/bensérazide", "100 mg/25 mg", "mg", "200 mg/50 mg", true, "1 gélule trois fois par jour"),
                drug("ocrélizumab", "600 mg", "mg", "600 mg", true, "1 perfusion tous les six mois"),
                drug("sumatriptan", "50 mg", "mg", "100 mg", false, "1 comprimé au début de la crise"),
                drug("clopidogrel", "75 mg", "mg", "75 mg", true, "1 comprimé par jour"),
                drug("atorvastatine", "80 mg", "mg", "80 mg", true, "1 comprimé le soir")),
            labs("15074-8", "13457-7", "2951-2"),
            List.of(Exams.BRAIN_MRI, Exams.BRAIN_CT, Exams.CAROTID_DOPPLER),
            List.of("un déficit moteur de l'hémicorps droit", "une aphasie de Broca", "des céphalées inhabituelles",
                "une crise convulsive généralisée", "des troubles mnésiques", "des vertiges rotatoires", "un épisode confusionnel",
                "une baisse de l'acuité visuelle"),
            List.of("un déficit moteur brachio-facial droit coté 3/5", "un signe de Babinski droit", "une rigidité en roue dentée",
                "un MMSE à 21/30", "un syndrome cérébelleux statique", "une raideur méningée absente")),
        new Theme("gastro-entérologie", "gastro-entérologique",
            List.of(dx("K74.6", "cirrhose hépatique d'origine alcoolique", "cirrhose", true),
                dx("K85.9", "pancréatite aiguë", "pancréatite", true),
                dx("K50.9", "maladie de Crohn", "Crohn", true),
                dx("K80.2", "lithiase vésiculaire symptomatique", "lithiase vésiculaire", true),
                dx("K57.3", "diverticulite sigmoïdienne", "diverticulite", true),
                dx("B18.2", "hépatite C chronique", "hépatite C", true),
                dx("K21.0", "reflux gastro-œsophagien avec œsophagite", "reflux gastro-œsophagien", false)),
            List.of(drug("ésoméprazole", "40 mg", "mg", "40 mg", true, "1 comprimé le matin"),
                drug("propranolol", "40 mg", "mg", "80 mg", true, "1 comprimé matin et soir"),
                drug("lactulose", "10 g", "g", "20 g", true, "1 sachet trois fois par jour"),
                drug("mésalazine", "2 g", "g", "4 g", true, "1 sachet par jour"),
                drug("adalimumab", "40 mg", "mg", "80 mg", true, "1 injection sous-cutanée tous les 14 jours"),
                drug("amoxicilline/acide clavulanique", "1 g/125 mg", "g", "1 g/125 mg", false, "1 sachet trois fois par jour"),
                drug("spironolactone", "75 mg", "mg", "150 mg", true, "1 comprimé le matin")),
            labs("1742-6", "1920-8", "2324-2", "1975-2", "1751-7", "6301-6", "2276-4"),
            List.of(Exams.ABDOMINAL_US, Exams.ABDOMINAL_CT, Exams.LIVER_MRI),
            List.of("des douleurs abdominales de l'hypochondre droit", "des nausées et vomissements", "une diarrhée glairo-sanglante",
                "un ictère cutanéo-muqueux", "une augmentation du volume abdominal", "une dysphagie aux solides",
                "des rectorragies", "un pyrosis"),
            List.of("un abdomen souple, dépressible et indolore", "un signe de Murphy positif", "une ascite de moyenne abondance",
                "une hépatomégalie à deux travers de doigt", "une défense de la fosse iliaque gauche", "des angiomes stellaires")),
        new Theme("oncologie médicale", "oncologique",
            List.of(dx("C34.1", "adénocarcinome pulmonaire du lobe supérieur droit", "adénocarcinome pulmonaire", false),
                dx("C50.4", "carcinome canalaire infiltrant du sein gauche", "carcinome canalaire", false),
                dx("C18.7", "adénocarcinome du côlon sigmoïde", "côlon", false),
                dx("C61", "adénocarcinome de la prostate", "prostate", false),
                dx("C83.3", "lymphome B diffus à grandes cellules", "lymphome", false),
                dx("C22.0", "carcinome hépatocellulaire", "carcinome hépatocellulaire", false)),
            List.of(drug("pembrolizumab", "200 mg", "mg", "400 mg", true, "1 perfusion toutes les trois semaines"),
                drug("létrozole", "2,5 mg", "mg", "2,5 mg", true, "1 comprimé par jour"),
                drug("ondansétron", "8 mg", "mg", "8 mg", false, "1 comprimé matin et soir les jours de chimiothérapie"),
                drug("capécitabine", "1000 mg/m²", "mg", "1250 mg/m²", false, "matin et soir 14 jours sur 21"),
                drug("morphine LP", "30 mg", "mg", "60 mg", true, "1 gélule matin et soir"),
                drug("dexaméthasone", "8 mg", "mg", "16 mg", false, "1 comprimé le matin"),
                drug("filgrastim", "30 MUI", "[iU]", "48 MUI", false, "1 injection sous-cutanée par jour pendant 5 jours")),
            labs("2532-0", "2857-1", "718-7", "777-3", "1751-7"),
            List.of(Exams.PET_CT, Exams.CHEST_CT, Exams.ABDOMINAL_CT, Exams.MAMMOGRAPHY, Exams.BONE_SCAN),
            List.of("une altération de l'état général", "un amaigrissement de 8 kg", "des douleurs osseuses",
                "une toux persistante", "une masse palpable du sein gauche", "des sueurs nocturnes", "une anorexie"),
            List.of("une adénopathie sus-claviculaire droite", "une masse du quadrant supéro-externe gauche de 3 cm",
                "une hépatomégalie nodulaire", "une chambre implantable fonctionnelle", "un état général conservé (OMS 1)")),
        new Theme("rhumatologie", "rhumatologique",
            List.of(dx("M05.9", "polyarthrite rhumatoïde séropositive", "polyarthrite rhumatoïde", true),
                dx("M81.0", "ostéoporose post-ménopausique", "ostéoporose", true),
                dx("M10.9", "crise de goutte", "goutte", true),
                dx("M17.1", "gonarthrose", "gonarthrose", true),
                dx("S72.0", "fracture du col du fémur", "col du fémur", true),
                dx("M54.5", "lombalgie chronique", "lombalgie", true),
                dx("M45", "spondylarthrite ankylosante", "spondylarthrite", true)),
            List.of(drug("méthotrexate", "15 mg", "mg", "20 mg", true, "1 injection sous-cutanée par semaine"),
                drug("acide folique", "5 mg", "mg", "10 mg", true, "1 comprimé le lendemain du méthotrexate"),
                drug("acide alendronique", "70 mg", "mg", "70 mg", true, "1 comprimé par semaine à jeun"),
                drug("colchicine", "1 mg", "mg", "1 mg", false, "1 comprimé par jour"),
                drug("allopurinol", "200 mg", "mg", "300 mg", true, "1 comprimé par jour"),
                drug("kétoprofène", "100 mg", "mg", "100 mg", false, "1 comprimé matin et soir au cours des repas"),
                drug("étanercept", "50 mg", "mg", "50 mg", true, "1 injection sous-cutanée par semaine")),
            labs("1988-5", "2000-8", "14682-9", "1742-6"),
            List.of(Exams.KNEE_MRI, Exams.BONE_DENSITOMETRY, Exams.HAND_XRAY, Exams.HIP_XRAY),
            List.of("des arthralgies inflammatoires des mains", "un dérouillage matinal de plus d'une heure",
                "une monoarthrite du gros orteil", "des lombalgies mécaniques", "une chute de sa hauteur", "une gonalgie droite"),
            List.of("des synovites des métacarpo-phalangiennes", "un épanchement du genou droit", "un raccourcissement du membre inférieur droit",
                "une rotation externe du membre inférieur", "une distance doigts-sol de 30 cm", "des tophus des oreilles")),
        new Theme("gériatrie", "gériatrique",
            List.of(dx("R54", "syndrome de fragilité", "fragilité", false),
                dx("F05.9", "syndrome confusionnel aigu", "syndrome confusionnel", false),
                dx("E43", "dénutrition protéino-énergétique sévère", "dénutrition", true),
                dx("D50.9", "anémie ferriprive", "anémie", true),
                dx("R29.6", "tendance aux chutes à répétition", "chutes", true),
                dx("F32.1", "épisode dépressif moyen", "épisode dépressif", false)),
            List.of(drug("sertraline", "50 mg", "mg", "100 mg", true, "1 comprimé le matin"),
                drug("mirtazapine", "15 mg", "mg", "30 mg", true, "1 comprimé au coucher"),
                drug("sulfate ferreux", "80 mg", "mg", "160 mg", true, "1 comprimé par jour à distance des repas"),
                drug("compléments nutritionnels oraux", "200 mL", "mL", "400 mL", true, "2 flacons par jour"),
                drug("mémantine", "20 mg", "mg", "20 mg", true, "1 comprimé par jour"),
                drug("cholécalciférol", "100 000 UI", "[iU]", "100 000 UI", true, "1 ampoule tous les trois mois")),
            labs("2276-4", "1751-7", "718-7", "2951-2", "3016-3", "19123-9"),
            List.of(Exams.BRAIN_CT, Exams.HIP_XRAY, Exams.CHEST_XRAY),
            List.of("des chutes à répétition", "une perte d'autonomie", "un épisode confusionnel", "une anorexie",
                "une perte de 5 % du poids en un mois", "une incontinence urinaire", "des troubles du sommeil"),
            List.of("un test de marche chronométré à 24 secondes", "un appui unipodal impossible", "des escarres talonnières",
                "une désorientation temporo-spatiale", "une sarcopénie", "un MNA à 16/30"))
    );

    /** Imaging exams, with their technique and the findings a report may give (normal ones apart). */
    private static final class Exams {
        static final Exam CHEST_CT = new Exam("Scanner thoracique injecté", "un scanner thoracique", false,
            "Acquisition hélicoïdale thoracique après injection intraveineuse de 80 mL de produit de contraste iodé, reconstructions"
                + " multiplanaires. PDL 310 mGy.cm.",
            List.of("Nodule pulmonaire spiculé de 18 mm du lobe supérieur droit", "Condensation alvéolaire du lobe inférieur droit avec bronchogramme aérien",
                "Épanchement pleural gauche de moyenne abondance", "Emphysème centrolobulaire prédominant aux apex",
                "Adénopathies médiastinales hilaires droites de 15 mm", "Verre dépoli bilatéral à prédominance sous-pleurale",
                "Atélectasie en bande du lobe moyen", "Réticulations sous-pleurales basales avec rayon de miel"),
            List.of("Absence de nodule suspect", "Pas d'épanchement pleural ni péricardique", "Médiastin sans adénopathie",
                "Parenchyme pulmonaire normal"));
        static final Exam CHEST_CT_ANGIO = new Exam("Angioscanner thoracique", "un angioscanner thoracique", false,
            "Angioscanner des artères pulmonaires après injection de 60 mL de produit de contraste iodé.",
            List.of("Embolie pulmonaire bilatérale proximale", "Embolie pulmonaire segmentaire lobaire inférieure droite",
                "Dilatation des cavités cardiaques droites (rapport VD/VG 1,3)", "Infarctus pulmonaire sous-pleural droit",
                "Épanchement pleural droit de faible abondance"),
            List.of("Absence d'embolie pulmonaire", "Pas de dilatation des cavités droites", "Aorte thoracique de calibre normal"));
        static final Exam CHEST_XRAY = new Exam("Radiographie du thorax de face", "une radiographie du thorax", true,
            "Cliché de face en position debout, en inspiration.",
            List.of("Cardiomégalie avec index cardiothoracique à 0,58", "Opacité alvéolaire basale droite",
                "Émoussement du cul-de-sac pleural gauche", "Syndrome interstitiel bilatéral", "Distension thoracique"),
            List.of("Index cardiothoracique normal", "Culs-de-sac pleuraux libres", "Pas de foyer parenchymateux"));
        static final Exam ECHOCARDIOGRAM = new Exam("Échographie cardiaque transthoracique", "une échographie cardiaque", true,
            "Examen transthoracique de bonne échogénicité, en rythme sinusal.",
            List.of("Fraction d'éjection ventriculaire gauche altérée à 35 %", "Rétrécissement aortique serré (surface 0,8 cm², gradient moyen 48 mmHg)",
                "Hypokinésie de la paroi inférieure", "Dilatation de l'oreillette gauche (volume 48 mL/m²)",
                "Insuffisance mitrale modérée", "Hypertension pulmonaire (PAPs 55 mmHg)"),
            List.of("Fraction d'éjection ventriculaire gauche conservée à 60 %", "Pas d'épanchement péricardique",
                "Ventricule droit non dilaté"));
        static final Exam CARDIAC_MRI = new Exam("IRM cardiaque", "une IRM cardiaque", true,
            "Séquences ciné et de rehaussement tardif après injection de gadolinium.",
            List.of("Rehaussement tardif sous-endocardique inférieur évocateur de séquelle d'infarctus", "Myocardite aiguë",
                "Cardiomyopathie dilatée"),
            List.of("Fonction ventriculaire gauche normale", "Absence de rehaussement tardif"));
        static final Exam LEG_DOPPLER = new Exam("Écho-doppler veineux des membres inférieurs", "un écho-doppler veineux", false,
            "Exploration des réseaux veineux profonds et superficiels des deux membres inférieurs.",
            List.of("Thrombose veineuse profonde fémoro-poplitée gauche", "Thrombose veineuse surale droite",
                "Thrombose veineuse superficielle de la grande saphène", "Artériopathie oblitérante avec sténose fémorale superficielle"),
            List.of("Absence de thrombose veineuse profonde", "Réseau veineux perméable et compressible"));
        static final Exam CAROTID_DOPPLER = new Exam("Écho-doppler des troncs supra-aortiques", "un écho-doppler des troncs supra-aortiques",
            false, "Exploration des axes carotidiens et vertébraux.",
            List.of("Sténose carotidienne interne gauche à 70 %", "Plaque athéromateuse calcifiée du bulbe carotidien droit"),
            List.of("Absence de sténose hémodynamiquement significative"));
        static final Exam BRAIN_MRI = new Exam("IRM cérébrale", "une IRM cérébrale", true,
            "Séquences diffusion, FLAIR, T2*, T1 après injection de gadolinium, angio-MR des vaisseaux du cou.",
            List.of("Lésion ischémique récente du territoire sylvien gauche en hypersignal diffusion",
                "Hypersignaux FLAIR de la substance blanche périventriculaire (Fazekas 2)",
                "Lésions démyélinisantes périventriculaires et juxtacorticales dont une rehaussée",
                "Atrophie hippocampique bilatérale (Scheltens 3)", "Méningiome de la convexité frontale droite de 15 mm"),
            List.of("Absence de processus expansif intracrânien", "Pas de saignement", "Système ventriculaire de taille normale"));
        static final Exam BRAIN_CT = new Exam("Scanner cérébral sans injection", "un scanner cérébral", false,
            "Acquisition hélicoïdale de l'encéphale sans injection.",
            List.of("Hématome sous-dural chronique hémisphérique droit de 14 mm avec effet de masse", "Leucopathie vasculaire diffuse",
                "Hypodensité séquellaire capsulo-lenticulaire gauche", "Atrophie cortico-sous-corticale"),
            List.of("Absence de saignement intracrânien", "Pas de lésion ischémique constituée", "Ligne médiane en place"));
        static final Exam ABDOMINAL_US = new Exam("Échographie abdominale", "une échographie abdominale", true,
            "Examen par voie sous-costale et intercostale, patient à jeun.",
            List.of("Stéatose hépatique diffuse", "Lithiase vésiculaire de 12 mm sans signe de cholécystite",
                "Foie dysmorphique à contours bosselés", "Ascite de moyenne abondance", "Splénomégalie homogène de 15 cm"),
            List.of("Voies biliaires non dilatées", "Foie de taille et d'échostructure normales", "Pancréas sans anomalie visible"));
        static final Exam ABDOMINAL_CT = new Exam("Scanner abdomino-pelvien injecté", "un scanner abdomino-pelvien", false,
            "Acquisition abdomino-pelvienne au temps portal après injection de 100 mL de produit de contraste iodé.",
            List.of("Diverticulite sigmoïdienne non compliquée", "Pancréatite aiguë stade E de Balthazar",
                "Masse hypodense de la tête du pancréas de 25 mm", "Épaississement pariétal du côlon sigmoïde",
                "Adénopathies cœliaques", "Lésions hépatiques secondaires multiples", "Calcul urétéral gauche de 6 mm avec dilatation pyélocalicielle"),
            List.of("Absence d'épanchement péritonéal", "Pas de pneumopéritoine", "Reins de taille normale sans obstacle"));
        static final Exam LIVER_MRI = new Exam("IRM hépatique", "une IRM hépatique", true,
            "Séquences pondérées T1, T2 et diffusion, dynamique après injection de gadolinium.",
            List.of("Nodule hépatique de 22 mm du segment VII avec wash-out (LI-RADS 5)", "Surcharge en fer hépatique",
                "Thrombose porte partielle"),
            List.of("Pas de lésion focale hépatique", "Perméabilité du tronc porte"));
        static final Exam RENAL_US = new Exam("Échographie rénale et vésicale", "une échographie rénale", true,
            "Examen des loges rénales et de la vessie en réplétion.",
            List.of("Reins de petite taille dédifférenciés", "Dilatation pyélocalicielle droite", "Kyste rénal cortical simple (Bosniak I)",
                "Lithiase rénale gauche de 8 mm", "Résidu post-mictionnel de 250 mL"),
            List.of("Reins de taille normale bien différenciés", "Absence de dilatation des cavités pyélocalicielles"));
        static final Exam THYROID_US = new Exam("Échographie thyroïdienne", "une échographie thyroïdienne", true,
            "Examen cervical avec doppler couleur.",
            List.of("Goitre multinodulaire avec nodule dominant de 24 mm EU-TIRADS 4", "Thyroïde hypervascularisée (aspect de thyroïdite)",
                "Nodule isthmique de 9 mm EU-TIRADS 3"),
            List.of("Thyroïde de taille normale et homogène", "Pas d'adénopathie cervicale"));
        static final Exam PET_CT = new Exam("TEP-scanner au 18F-FDG", "un TEP-scanner", false,
            "Acquisition corps entier 60 minutes après injection de 250 MBq de 18F-FDG, glycémie à 5,6 mmol/L.",
            List.of("Hypermétabolisme pulmonaire lobaire supérieur droit (SUVmax 9,4)", "Fixations ganglionnaires médiastinales hilaires",
                "Fixations osseuses multiples évocatrices de localisations secondaires", "Hypermétabolisme ganglionnaire sus et sous-diaphragmatique"),
            List.of("Absence de fixation à distance", "Pas de fixation ganglionnaire suspecte"));
        static final Exam MAMMOGRAPHY = new Exam("Mammographie bilatérale", "une mammographie", true,
            "Incidences de face et oblique externe bilatérales, complétées par une échographie mammaire.",
            List.of("Microcalcifications regroupées du quadrant supéro-externe gauche (ACR 4)", "Opacité spiculée de 22 mm du sein gauche (ACR 5)",
                "Kyste simple du sein droit (ACR 2)"),
            List.of("Seins de densité de type B sans anomalie (ACR 1)", "Pas d'adénopathie axillaire"));
        static final Exam BONE_SCAN = new Exam("Scintigraphie osseuse", "une scintigraphie osseuse", true,
            "Balayage corps entier trois heures après injection de 700 MBq d'HMDP marqué au technétium 99m.",
            List.of("Foyers d'hyperfixation rachidiens et costaux évocateurs de métastases", "Hyperfixation isolée de l'aile iliaque droite"),
            List.of("Absence de foyer d'hyperfixation suspect"));
        static final Exam KNEE_MRI = new Exam("IRM du genou droit", "une IRM du genou", true,
            "Séquences DP fat-sat dans les trois plans et T1 sagittal.",
            List.of("Fissure horizontale de la corne postérieure du ménisque médial", "Rupture complète du ligament croisé antérieur",
                "Chondropathie fémoro-tibiale médiale de grade 3", "Épanchement intra-articulaire de moyenne abondance"),
            List.of("Ligaments croisés continus", "Cartilages d'épaisseur normale"));
        static final Exam BONE_DENSITOMETRY = new Exam("Ostéodensitométrie", "une ostéodensitométrie", true,
            "Absorptiométrie biphotonique au rachis lombaire et à l'extrémité supérieure du fémur.",
            List.of("T-score à -3,1 au rachis lombaire : ostéoporose", "T-score à -2,6 au col fémoral : ostéoporose",
                "T-score à -1,8 : ostéopénie"),
            List.of("Densité minérale osseuse normale"));
        static final Exam HAND_XRAY = new Exam("Radiographies des mains et des pieds", "des radiographies des mains", true,
            "Clichés de face des deux mains et des deux pieds.",
            List.of("Érosions des têtes métatarsiennes", "Pincement articulaire des métacarpo-phalangiennes", "Déminéralisation en bande épiphysaire"),
            List.of("Pas d'érosion osseuse", "Interlignes articulaires conservés"));
        static final Exam HIP_XRAY = new Exam("Radiographie du bassin et de la hanche", "une radiographie du bassin", true,
            "Bassin de face et hanche de profil.",
            List.of("Fracture cervicale vraie du fémur droit déplacée (Garden IV)", "Coxarthrose droite évoluée",
                "Fracture des branches ilio- et ischio-pubiennes gauches"),
            List.of("Pas de trait de fracture visible", "Interlignes coxo-fémoraux conservés"));
    }

    private static final List<Exam> STAGING_EXAMS = List.of(Exams.PET_CT, Exams.CHEST_CT, Exams.ABDOMINAL_CT, Exams.BONE_SCAN,
        Exams.BRAIN_MRI);

    private static final List<Cancer> CANCERS = List.of(
        new Cancer("adénocarcinome pulmonaire", "d'oncologie thoracique", List.of("cT2aN1M0, stade IIB", "cT3N2M0, stade IIIB",
            "cT4N3M1c, stade IVB"), List.of("Mutation EGFR non retrouvée, PD-L1 à 60 %", "Réarrangement ALK positif",
            "PD-L1 inférieur à 1 %"), List.of("lobectomie supérieure droite avec curage ganglionnaire",
            "radio-chimiothérapie concomitante puis durvalumab", "immunothérapie par pembrolizumab en première ligne",
            "chimiothérapie par carboplatine et pémétrexed")),
        new Cancer("carcinome canalaire infiltrant du sein", "de sénologie", List.of("pT1cN0, grade II de Elston-Ellis",
            "cT2N1M0", "pT2N1a"), List.of("Récepteurs hormonaux positifs, HER2 négatif, Ki67 à 15 %", "HER2 surexprimé (score 3+)",
            "Triple négatif"), List.of("tumorectomie avec ganglion sentinelle puis radiothérapie", "hormonothérapie par létrozole pendant 5 ans",
            "chimiothérapie néoadjuvante puis chirurgie", "trastuzumab pendant un an")),
        new Cancer("adénocarcinome colique", "d'oncologie digestive", List.of("pT3N1bM0, stade III", "pT2N0M0, stade I",
            "T4N2M1 avec métastases hépatiques"), List.of("Statut MSS, RAS sauvage", "Instabilité microsatellitaire (MSI)",
            "Mutation KRAS G12D"), List.of("chimiothérapie adjuvante par FOLFOX pendant 3 mois", "colectomie gauche par cœlioscopie",
            "surveillance simple", "chimiothérapie par FOLFIRI et bévacizumab")),
        new Cancer("adénocarcinome prostatique", "d'uro-oncologie", List.of("score de Gleason 7 (3+4), cT2a", "ISUP 4, cT3a",
            "métastatique osseux"), List.of("PSA à 12 ng/mL", "PSA à 48 ng/mL", "IRM prostatique PI-RADS 5"),
            List.of("prostatectomie totale", "radiothérapie et hormonothérapie courte", "surveillance active",
                "hormonothérapie par analogue de la LH-RH")),
        new Cancer("lymphome B diffus à grandes cellules", "d'hématologie", List.of("stade IV d'Ann Arbor, IPI 3",
            "stade II localisé, IPI 1"), List.of("CD20 positif, Ki67 à 80 %", "Profil centro-germinatif"),
            List.of("six cures de R-CHOP", "chimiothérapie par R-CHOP puis TEP d'évaluation", "CAR-T cells en deuxième ligne")));

    private static final List<Allergen> ALLERGENS = List.of(
        new Allergen("J01CA04", "amoxicilline", "à l'amoxicilline"),
        new Allergen("J01CE01", "pénicilline G", "à la pénicilline"),
        new Allergen("N02BA01", "acide acétylsalicylique", "à l'aspirine"),
        new Allergen("V08AB", "produits de contraste iodés", "aux produits de contraste iodés"),
        new Allergen("J01EE01", "sulfaméthoxazole et triméthoprime", "aux sulfamides"),
        new Allergen("R05DA04", "codéine", "à la codéine"),
        new Allergen("M01AE01", "ibuprofène", "à l'ibuprofène"),
        new Allergen("N03AF01", "carbamazépine", "à la carbamazépine"),
        new Allergen("J01MA02", "ciprofloxacine", "à la ciprofloxacine"),
        new Allergen("B01AB01", "héparine", "à l'héparine (thrombopénie induite)"),
        new Allergen("N02AA01", "morphine", "à la morphine"));

    private static final List<String> REACTIONS = List.of("urticaire généralisée", "œdème de Quincke", "choc anaphylactique",
        "éruption maculo-papuleuse", "bronchospasme", "prurit", "troubles digestifs");

    private static final List<String> QUALIFIERS = List.of("d'évolution favorable", "sans signe de gravité",
        "stable sous traitement", "en cours d'exploration", "à réévaluer en consultation", "avec bonne tolérance du traitement",
        "compliqué d'une décompensation", "nécessitant une adaptation thérapeutique");

    private static final List<String> NORMAL_SIGNS = List.of("un abdomen souple et indolore", "des bruits du cœur réguliers sans souffle",
        "un murmure vésiculaire symétrique", "des mollets souples et indolores", "un examen neurologique sans déficit focal",
        "une absence de syndrome méningé", "des aires ganglionnaires libres", "un bon état cutané");

    private static final List<String> NEGATIVES = List.of("Absence de fièvre, de perte de poids ou de sueurs nocturnes.",
        "Pas de notion de contage infectieux.", "Pas de voyage récent à l'étranger.", "Pas de modification thérapeutique récente.",
        "Pas de douleur thoracique ni de palpitations.", "Transit intestinal conservé.", "Pas de trouble mictionnel.",
        "Pas de chute récente.", "Appétit conservé.");

    private static final List<String> IMAGING_GENERAL = List.of("Pas d'anomalie osseuse suspecte",
        "Structures vasculaires de calibre normal", "Absence d'adénomégalie dans le champ d'exploration",
        "Pas de lésion focale décelable dans les limites de l'examen", "Parties molles sans particularité",
        "Discrète arthrose rachidienne étagée", "Calcifications vasculaires diffuses", "Petite hernie hiatale");

    private static final List<String> VIGILANCE = List.of("surveillance de la fonction rénale sous anticoagulant",
        "risque de chute élevé", "adaptation des doses à la clairance de la créatinine", "éviter les anti-inflammatoires non stéroïdiens",
        "vaccination antigrippale annuelle", "surveillance du poids et des œdèmes", "autosurveillance glycémique",
        "contrôle tensionnel à domicile", "dépistage de la dénutrition", "bilan ophtalmologique annuel");

    private static final List<String> ADVICE = List.of("Prendre les comprimés au cours des repas avec un grand verre d'eau.",
        "Ne pas interrompre le traitement sans avis médical.", "En cas de saignement inhabituel, consulter rapidement.",
        "Éviter l'automédication, en particulier les anti-inflammatoires.", "Respecter un intervalle de six heures entre deux prises.",
        "Surveiller la tension artérielle en cas de vertiges.", "Conserver l'insuline entamée à température ambiante.",
        "Apporter cette ordonnance à chaque consultation.", "Signaler toute éruption cutanée ou diarrhée persistante.");

    private static final List<String> NURSING = List.of("une injection sous-cutanée d'anticoagulant", "la surveillance de la glycémie capillaire",
        "la préparation du pilulier", "la réfection du pansement", "la surveillance de la pression artérielle", "un prélèvement sanguin",
        "la surveillance du poids", "l'aide à la prise des traitements");

    private static final List<String> DURATIONS = List.of("48 heures", "une semaine", "quinze jours", "trois semaines",
        "deux mois", "plusieurs mois", "un an");

    private static final List<String> DELAYS = List.of("un mois", "six semaines", "trois mois", "six mois", "un an");

    private static final List<String> COURSES = List.of("5 jours", "7 jours", "10 jours", "14 jours", "un mois");

    private static final List<String> LIFESTYLE = List.of("Tabagisme sevré depuis 2015", "Tabagisme actif à 20 cigarettes par jour",
        "Consommation d'alcool occasionnelle", "Consommation d'alcool estimée à 4 verres par jour", "Activité physique régulière",
        "Sédentarité", "Aucune consommation de toxiques", "Ancien travailleur du bâtiment exposé à l'amiante",
        "Vit avec son conjoint, autonome pour les actes de la vie quotidienne", "Aide à domicile deux fois par semaine");

    private static final List<String> IMPROVEMENTS = List.of("une apyrexie obtenue en 48 heures", "une régression des œdèmes",
        "une amélioration de la dyspnée", "une normalisation de la CRP", "une reprise de l'alimentation orale",
        "une perte de 5 kg sous diurétiques", "un contrôle de la douleur", "un retour à l'état de base");

    private static final List<String> COMPLICATIONS = List.of("un épisode de rétention aiguë d'urine",
        "une décompensation cardiaque résolutive sous diurétiques", "une hypokaliémie corrigée par supplémentation",
        "un épisode confusionnel nocturne", "une infection urinaire à Escherichia coli traitée par ceftriaxone",
        "une chute sans conséquence traumatique", "une insuffisance rénale aiguë fonctionnelle", "une hypoglycémie sévère");

    private static final List<String> LAB_COMMENTS = List.of("Syndrome inflammatoire biologique.", "Insuffisance rénale modérée.",
        "Pas d'anomalie notable.", "Anémie microcytaire arégénérative.", "Cytolyse hépatique à trois fois la normale.",
        "Hypokaliémie modérée à contrôler.", "Hyponatrémie à recontrôler.", "Équilibre glycémique insuffisant.",
        "Hémolyse de l'échantillon : kaliémie à interpréter avec prudence.", "Résultats comparés au bilan antérieur : amélioration.",
        "Valeur critique téléphonée au service.", "Thrombopénie confirmée sur tube citraté.");

    private static final List<String> HOSPITAL_DOMAINS = List.of("chu-rennes.mssante.fr", "ch-quimper.mssante.fr",
        "chu-lyon.mssante.fr", "ch-annecy.mssante.fr", "medecin.mssante.fr", "chu-nantes.mssante.fr", "aphm.mssante.fr");

    private static final List<String> FAMILY_NAMES = List.of("MARTIN", "BERNARD", "THOMAS", "PETIT", "ROBERT", "RICHARD",
        "DURAND", "DUBOIS", "MOREAU", "LAURENT", "SIMON", "MICHEL", "LEFÈVRE", "LEROY", "ROUX", "DAVID", "BERTRAND", "MOREL",
        "FOURNIER", "GIRARD", "BONNET", "DUPONT", "LAMBERT", "FONTAINE", "ROUSSEAU", "VINCENT", "MULLER", "FAURE", "ANDRÉ",
        "MERCIER", "BLANC", "GUÉRIN", "BOYER", "GARNIER", "CHEVALIER", "FRANÇOIS", "LEGRAND", "GAUTHIER", "GARCIA", "PERRIN",
        "ROBIN", "CLÉMENT", "MORIN", "NICOLAS", "HENRY", "ROUSSEL", "MATHIEU", "MASSON", "MARCHAND", "DUVAL", "DENIS",
        "DUMONT", "LEMAIRE", "NOËL", "MEYER", "DUFOUR", "MEUNIER", "BRUN", "BLANCHARD", "GIRAUD", "JOLY", "RIVIÈRE", "LUCAS",
        "BRUNET", "GAILLARD", "BARBIER", "ARNAUD", "MARTINEZ", "GÉRARD", "ROCHE", "RENARD", "SCHMITT", "LE GALL", "COLIN",
        "VIDAL", "CARON", "PICARD", "FABRE", "AUBERT", "LEMOINE", "RENAUD", "DUMAS", "LACROIX", "OLIVIER", "BOURGEOIS",
        "BENOÎT", "REY", "LECLERC", "PAYET", "ROLLAND", "LE ROUX", "COUSIN", "HOARAU", "KERGOAT", "NGUYEN", "HAMEL", "BENSAÏD");

    private static final List<String> FEMALE_NAMES = List.of("Marie", "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah",
        "Julie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Monique", "Jeanne", "Hélène", "Élodie", "Céline",
        "Sophie", "Aurélie", "Zoé", "Louise", "Anaïs", "Émilie", "Martine", "Christine", "Brigitte", "Yasmine", "Gaëlle", "Océane");

    private static final List<String> MALE_NAMES = List.of("Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "Thomas",
        "Julien", "Hugo", "Lucas", "Louis", "Gabriel", "Mathis", "Antoine", "François", "Bernard", "Jacques", "Daniel", "Éric",
        "Stéphane", "Frédéric", "Laurent", "Olivier", "Sébastien", "Jérôme", "Noël", "Karim", "Yannick", "Gaël", "Loïc");

    /** What clinicians search for, by kind: each term occurs in the generated text. */
    private static final List<List<String>> SEARCH_TERMS = List.of(
        // diagnoses
        THEMES.stream().flatMap(t -> t.diagnoses().stream()).map(Diagnosis::term).distinct().toList(),
        // drugs (one or two words)
        Stream.concat(THEMES.stream().flatMap(t -> t.drugs().stream()), COMMON_DRUGS.stream()).map(Drug::dci)
            .filter(d -> !d.contains("/") && !d.contains("LP")).distinct().toList(),
        // tests
        List.of("hémoglobine", "leucocytes", "plaquettes", "créatininémie", "kaliémie", "natrémie", "calcémie", "CRP", "glycémie",
            "HbA1c", "cholestérol", "TSH", "ALAT", "ASAT", "bilirubine", "albuminémie", "INR", "troponine", "ferritine",
            "PSA", "protéinurie", "lactates", "magnésémie", "urée", "DFG", "NT-proBNP", "procalcitonine", "lipase",
            "triglycérides", "fibrinogène", "uricémie", "neutrophiles"),
        // exams
        List.of("scanner thoracique", "scanner", "IRM", "IRM cérébrale", "échographie", "échographie cardiaque", "mammographie",
            "doppler", "radiographie", "scintigraphie", "TEP", "ostéodensitométrie", "angioscanner"),
        // findings
        List.of("nodule", "nodule pulmonaire", "stéatose", "hématome", "thrombose", "épanchement", "emphysème", "microcalcifications",
            "adénopathies", "atélectasie", "cardiomégalie", "fracture", "sténose carotidienne", "ménisque", "condensation",
            "lithiase", "métastases", "ascite", "verre dépoli", "fraction d'éjection"),
        // symptoms and signs
        List.of("dyspnée", "toux", "céphalées", "palpitations", "syncope", "œdèmes", "asthénie", "vertiges", "hémoptysie",
            "fièvre", "douleur thoracique", "confusionnel", "rectorragies", "ictère", "chute", "amaigrissement", "arthralgies",
            "paresthésies", "aphasie", "souffle systolique", "crépitants"),
        // allergies and care
        List.of("allergie", "pénicilline", "produits de contraste", "urticaire", "Quincke", "chimiothérapie", "radiothérapie",
            "immunothérapie", "kinésithérapeute", "soins palliatifs", "EHPAD", "tabagisme", "amiante", "vaccination"));

    private static final List<String> MODIFIERS = List.of("aigu", "chronique", "droit", "gauche", "sévère", "contrôle", "bilan",
        "récent", "bilatéral", "évolution", "suivi");
}
