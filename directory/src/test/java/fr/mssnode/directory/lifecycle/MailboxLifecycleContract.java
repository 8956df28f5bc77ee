package fr.mssnode.directory.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.signin.SignInPolicy;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.directory.testing.MovableClock;
import fr.mssnode.directory.testing.TestDatabase;

/** Mailboxes nobody signs in to: warned, then closed; on a real database with the clock moved; run once per vendor. */
abstract class MailboxLifecycleContract {
    static final String GP = "dr.martin@hopital-nord.test";
    static final String RETIRED = "dr.ancien@hopital-nord.test";
    static final String SECRETARIAT = "secretariat@hopital-nord.test";
    static final String PATIENT = "285057512000579@patient.hopital-nord.test";
    static final String PASSWORD = "Tulipe-Verte-2031";

    private TestDatabase database;
    private MovableClock clock;
    private JdbcDirectory directory;
    private DirectoryAdmin admin;
    private MailboxLifecycle lifecycle;
    private SignInThrottle signIns;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase().migrated();
        directory = new JdbcDirectory(database.dataSource(), Set.of("hopital-nord.test", "patient.hopital-nord.test"));
        admin = new DirectoryAdmin(database.dataSource(), directory);
        admin.createAccount(GP, AccountKind.PROFESSIONAL, "Dr Claire Martin", PASSWORD);
        admin.createAccount(RETIRED, AccountKind.PROFESSIONAL, "Dr Paul Ancien", PASSWORD);
        admin.createAccount(SECRETARIAT, AccountKind.ORGANISATION, "Secrétariat", PASSWORD);
        admin.createAccount(PATIENT, AccountKind.PATIENT, "Mme Durand", PASSWORD);
        // The accounts were created "now" by the real clock; the test's clock starts there and moves on.
        clock = new MovableClock(Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.SECONDS));
        lifecycle = new MailboxLifecycle(database.dataSource(), clock, LifecyclePolicy.DEFAULT);
        signIns = new SignInThrottle(database.dataSource(), clock, SignInPolicy.defaults(), lifecycle::signedIn);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void aMailboxUnusedForElevenMonthsIsWarnedThenClosedAMonthLater() {
        clock.advance(Duration.ofDays(200));
        signIns.succeeded(GP, "198.51.100.20");
        assertThat(lifecycle.due().toWarn()).isEmpty();

        clock.advance(Duration.ofDays(136));
        // 336 days after creation: the retired doctor's and the secretariat's mailboxes are due a warning; the GP
        // signed in 136 days ago; the patient's inbox is not closed for want of use.
        MailboxLifecycle.Due due = lifecycle.due();
        assertThat(due.toWarn()).extracting(IdleMailbox::address).containsExactlyInAnyOrder(RETIRED, SECRETARIAT);
        assertThat(due.toClose()).isEmpty();
        IdleMailbox retired = due.toWarn().stream().filter(m -> m.address().equals(RETIRED)).findFirst().orElseThrow();
        assertThat(retired.lastSignIn()).isEmpty();
        assertThat(lifecycle.closingDate(retired)).isAfterOrEqualTo(clock.instant().plus(Duration.ofDays(30)));
        due.toWarn().forEach(lifecycle::warned);
        assertThat(lifecycle.due().toWarn()).isEmpty();

        // The secretariat signs in after the warning: the warning is void and its mailbox stays open.
        clock.advance(Duration.ofDays(10));
        signIns.succeeded(SECRETARIAT, "198.51.100.21");
        assertThat(lifecycle.idleFor(Duration.ofDays(300))).extracting(IdleMailbox::address)
            .containsExactlyInAnyOrder(RETIRED, PATIENT);

        // A year after creation but only 30 days... not yet: 20 days after the warning nothing closes.
        clock.advance(Duration.ofDays(10));
        assertThat(lifecycle.due().toClose()).isEmpty();

        clock.advance(Duration.ofDays(11));
        due = lifecycle.due();
        assertThat(due.toWarn()).isEmpty();
        assertThat(due.toClose()).extracting(IdleMailbox::address).containsExactly(RETIRED);
        assertThat(lifecycle.close(due.toClose().get(0))).isTrue();

        assertThat(directory.findAccount(RETIRED).orElseThrow().active()).isFalse();
        assertThat(directory.authenticate(RETIRED, PASSWORD)).isEmpty();
        assertThat(directory.check(RETIRED).reason()).isEqualTo("the mailbox is disabled");
        assertThat(directory.findAccount(SECRETARIAT).orElseThrow().active()).isTrue();
        assertThat(directory.findAccount(PATIENT).orElseThrow().active()).isTrue();
        assertThat(lifecycle.idleFor(Duration.ofDays(300))).extracting(IdleMailbox::address).containsExactly(PATIENT);
    }

    @Test
    void aMailboxIsNeverClosedWithoutAMonthsWarningNorWhenSignedInSinceItWasFoundDue() {
        // Switched on years after the accounts were made: everyone idle is warned first, nobody is closed at once.
        clock.advance(Duration.ofDays(3 * 365));
        MailboxLifecycle.Due due = lifecycle.due();
        assertThat(due.toClose()).isEmpty();
        assertThat(due.toWarn()).hasSize(3);
        due.toWarn().forEach(lifecycle::warned);

        clock.advance(Duration.ofDays(30));
        due = lifecycle.due();
        assertThat(due.toClose()).extracting(IdleMailbox::address).containsExactlyInAnyOrder(GP, RETIRED, SECRETARIAT);
        // The GP signs in between the sweep's look and its action: the GP's mailbox stays open.
        signIns.succeeded(GP, "198.51.100.20");
        for (IdleMailbox mailbox : due.toClose()) {
            assertThat(lifecycle.close(mailbox)).as(mailbox.address()).isEqualTo(!mailbox.address().equals(GP));
        }
        assertThat(directory.findAccount(GP).orElseThrow().active()).isTrue();

        // Opened again by the operator: warned again before it can close again.
        admin.setActive(RETIRED, true);
        due = lifecycle.due();
        assertThat(due.toClose()).isEmpty();
        assertThat(due.toWarn()).extracting(IdleMailbox::address).containsExactly(RETIRED);
    }

    @Test
    void signInsAreWrittenAtMostOnceAnHour() {
        signIns.succeeded(GP, "198.51.100.20");
        Instant first = lifecycle.idleFor(Duration.ZERO).stream().filter(m -> m.address().equals(GP)).findFirst()
            .orElseThrow().lastSignIn().orElseThrow();
        clock.advance(Duration.ofMinutes(20));
        signIns.succeeded(GP, "198.51.100.20");
        Instant second = lifecycle.idleFor(Duration.ZERO).stream().filter(m -> m.address().equals(GP)).findFirst()
            .orElseThrow().lastSignIn().orElseThrow();
        assertThat(second).isEqualTo(first);
        clock.advance(Duration.ofMinutes(50));
        signIns.succeeded(GP, "198.51.100.20");
        Instant third = lifecycle.idleFor(Duration.ZERO).stream().filter(m -> m.address().equals(GP)).findFirst()
            .orElseThrow().lastSignIn().orElseThrow();
        assertThat(third.truncatedTo(ChronoUnit.SECONDS)).isEqualTo(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }
}
