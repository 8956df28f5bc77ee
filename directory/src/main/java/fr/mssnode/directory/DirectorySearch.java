package fr.mssnode.directory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Searches of the health directory for the directory API: professionals by name, profession, specialty and
 * city, a page at a time, with their activities and mailboxes. Portable SQL (PostgreSQL and Derby).
 */
public class DirectorySearch {
    private static final String PROFESSIONAL_COLUMNS = "p.national_id, p.id_type, p.civility, p.exercise_title,"
        + " p.first_name, p.last_name, p.profession_code, p.profession_label, p.specialty_code, p.specialty_label, p.active";

    private final JdbcTemplate jdbc;

    public DirectorySearch(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** One page of results and how many match in all. */
    public record Page<T>(List<T> items, long total, int offset, int count) {
        public boolean hasNext() {
            return offset + items.size() < total;
        }
    }

    /** A professional with the mailboxes the MSSanté extraction lists for them. */
    public record Listing(Professional professional, List<Mailbox> mailboxes) {
    }

    public Page<Listing> professionals(ProfessionalQuery query) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.activeOnly()) {
            where.append(" AND p.active = TRUE");
        }
        if (!query.family().isEmpty()) {
            // search_name is "family given": a family prefix is a range on its index, checked exactly by LIKE.
            where.append(" AND p.search_name >= ? AND p.search_name < ? AND p.search_name LIKE ?");
            parameters.add(query.family());
            parameters.add(upperBound(query.family()));
            parameters.add(likePrefix(query.family()));
        }
        if (!query.name().isEmpty()) {
            where.append(" AND (p.search_name LIKE ? OR p.search_name LIKE ?)");
            parameters.add(likePrefix(query.name()));
            parameters.add("% " + likePrefix(query.name()));
        }
        if (!query.given().isEmpty()) {
            where.append(" AND p.search_given >= ? AND p.search_given < ? AND p.search_given LIKE ?");
            parameters.add(query.given());
            parameters.add(upperBound(query.given()));
            parameters.add(likePrefix(query.given()));
        }
        if (!query.profession().isEmpty()) {
            where.append(" AND p.profession_code = ?");
            parameters.add(query.profession());
        }
        if (!query.specialty().isEmpty()) {
            where.append(" AND p.specialty_code = ?");
            parameters.add(query.specialty());
        }
        if (!query.city().isEmpty()) {
            where.append(" AND EXISTS (SELECT 1 FROM activity a WHERE a.national_id = p.national_id"
                + " AND a.search_city >= ? AND a.search_city < ? AND a.search_city LIKE ?)");
            parameters.add(query.city());
            parameters.add(upperBound(query.city()));
            parameters.add(likePrefix(query.city()));
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM professional p" + where, Long.class, parameters.toArray());
        List<Object> paged = new ArrayList<>(parameters);
        paged.add(query.offset());
        paged.add(query.count());
        List<Professional> found = jdbc.query("SELECT " + PROFESSIONAL_COLUMNS + " FROM professional p" + where
                + " ORDER BY p.search_name, p.national_id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY",
            (rs, row) -> new Professional(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getBoolean(11), List.of()), paged.toArray());
        List<Listing> listings = withActivitiesAndMailboxes(found);
        return new Page<>(listings, total == null ? 0 : total, query.offset(), query.count());
    }

    /** The professional with this national identifier, active or not. */
    public java.util.Optional<Listing> professional(String nationalId) {
        List<Professional> found = jdbc.query("SELECT " + PROFESSIONAL_COLUMNS + " FROM professional p WHERE p.national_id = ?",
            (rs, row) -> new Professional(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getBoolean(11), List.of()), nationalId);
        return withActivitiesAndMailboxes(found).stream().findFirst();
    }

    /** Two queries for the whole page, not two per professional. */
    private List<Listing> withActivitiesAndMailboxes(List<Professional> professionals) {
        if (professionals.isEmpty()) {
            return List.of();
        }
        List<String> ids = professionals.stream().map(Professional::nationalId).toList();
        String in = " IN (" + String.join(", ", java.util.Collections.nCopies(ids.size(), "?")) + ")";
        Map<String, List<Activity>> activities = new HashMap<>();
        jdbc.query("SELECT national_id, role_code, role_label, practice_mode, structure_name, finess, siret, address,"
                + " postcode, city, phone, email FROM activity WHERE national_id" + in + " ORDER BY national_id, site_index",
            rs -> {
                activities.computeIfAbsent(rs.getString(1), id -> new ArrayList<>()).add(new Activity(rs.getString(2),
                    rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                    rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)));
            }, ids.toArray());
        Map<String, List<Mailbox>> mailboxes = new HashMap<>();
        jdbc.query("SELECT address, mailbox_type, owner_national_id, structure_id, structure_name, service, active"
                + " FROM mss_mailbox WHERE owner_national_id" + in + " ORDER BY address",
            rs -> {
                mailboxes.computeIfAbsent(rs.getString(3), id -> new ArrayList<>()).add(new Mailbox(rs.getString(1),
                    MailboxType.valueOf(rs.getString(2)), java.util.Optional.ofNullable(rs.getString(3)),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7)));
            }, ids.toArray());
        List<Listing> listings = new ArrayList<>();
        for (Professional p : professionals) {
            Professional full = new Professional(p.nationalId(), p.idType(), p.civility(), p.title(), p.firstName(),
                p.lastName(), p.professionCode(), p.professionLabel(), p.specialtyCode(), p.specialtyLabel(), p.active(),
                List.copyOf(activities.getOrDefault(p.nationalId(), List.of())));
            listings.add(new Listing(full, List.copyOf(mailboxes.getOrDefault(p.nationalId(), List.of()))));
        }
        return listings;
    }

    /** The smallest string above every string starting with {@code prefix} (search keys are [a-z0-9 ]). */
    static String upperBound(String prefix) {
        char last = prefix.charAt(prefix.length() - 1);
        return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
    }

    /** A LIKE pattern for a prefix; search keys hold no LIKE wildcard, but be safe. */
    private static String likePrefix(String prefix) {
        return prefix.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%";
    }
}
