package fr.mssnode.directory.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.mssnode.directory.testing.MovableClock;
import fr.mssnode.directory.testing.TestDatabase;

/** Failure throttling on a real database, with the clock moved by the test; run once per vendor. */
abstract class SignInThrottleContract {
    static final String DOCTOR = "dr.martin@hopital-nord.test";
    static final String GUESSER = "203.0.113.7";
    static final String DOCTOR_AT_WORK = "198.51.100.20";

    private TestDatabase database;
    private MovableClock clock;
    private SignInThrottle throttle;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase().migrated();
        clock = new MovableClock(Instant.parse("2026-12-01T08:00:00Z"));
        throttle = new SignInThrottle(database.dataSource(), clock, SignInPolicy.defaults());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void fiveFailuresSlowDownTenLockTheAccountForThatAddressOnly() {
        for (int i = 1; i <= 4; i++) {
            assertThat(throttle.before(DOCTOR, GUESSER)).isEqualTo(SignInVerdict.PROCEED);
            assertThat(throttle.failed(DOCTOR, GUESSER)).as("failure %d", i).isEqualTo(SignInVerdict.PROCEED);
            clock.advance(Duration.ofSeconds(5));
        }
        // The fifth failure: the next attempt waits a second, the one after two, then four...
        assertThat(throttle.failed(DOCTOR, GUESSER)).isEqualTo(new SignInVerdict.Wait(Duration.ofSeconds(1)));
        clock.advance(Duration.ofMillis(400));
        assertThat(throttle.before(DOCTOR, GUESSER)).isEqualTo(new SignInVerdict.Wait(Duration.ofMillis(600)));
        clock.advance(Duration.ofMillis(600));
        assertThat(throttle.before(DOCTOR, GUESSER)).isEqualTo(SignInVerdict.PROCEED);
        assertThat(throttle.failed(DOCTOR, GUESSER)).isEqualTo(new SignInVerdict.Wait(Duration.ofSeconds(2)));
        for (int failures = 7; failures <= 9; failures++) {
            clock.advance(Duration.ofSeconds(60));
            assertThat(throttle.failed(DOCTOR, GUESSER)).isInstanceOf(SignInVerdict.Wait.class);
        }
        // The doctor, from the hospital, is not affected.
        assertThat(throttle.before(DOCTOR, DOCTOR_AT_WORK)).isEqualTo(SignInVerdict.PROCEED);

        clock.advance(Duration.ofSeconds(60));
        Instant tenth = clock.instant();
        SignInVerdict locked = throttle.failed(DOCTOR, GUESSER);
        assertThat(locked).isEqualTo(new SignInVerdict.Locked(tenth.plus(Duration.ofMinutes(15))));
        assertThat(throttle.before(DOCTOR, GUESSER)).isEqualTo(locked);
        assertThat(throttle.before(DOCTOR, DOCTOR_AT_WORK)).isEqualTo(SignInVerdict.PROCEED);
        assertThat(throttle.locks()).singleElement().satisfies(lock -> {
            assertThat(lock.login()).isEqualTo(DOCTOR);
            assertThat(lock.clientAddress()).isEqualTo(GUESSER);
            assertThat(lock.failures()).isEqualTo(10);
        });

        // The lock ends after fifteen minutes, and the failures have aged out of the window with it.
        clock.advance(Duration.ofMinutes(15));
        assertThat(throttle.before(DOCTOR, GUESSER)).isEqualTo(SignInVerdict.PROCEED);
        assertThat(throttle.locks()).isEmpty();
    }

    @Test
    void aSuccessClearsThatAddresssFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed(DOCTOR, DOCTOR_AT_WORK);
        }
        throttle.succeeded(DOCTOR, DOCTOR_AT_WORK);
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.failed(DOCTOR, DOCTOR_AT_WORK)).isEqualTo(SignInVerdict.PROCEED);
        }
    }

    @Test
    void theOperatorUnlocksAnAccount() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("Dr.Martin@Hopital-Nord.test ", GUESSER);
        }
        assertThat(throttle.before(DOCTOR, GUESSER)).isInstanceOf(SignInVerdict.Locked.class);
        assertThat(throttle.unlock("DR.MARTIN@hopital-nord.test")).isEqualTo(1);
        assertThat(throttle.before(DOCTOR, GUESSER)).isEqualTo(SignInVerdict.PROCEED);
        assertThat(throttle.unlock(DOCTOR)).isZero();
    }

    @Test
    void oneAddressGuessingAcrossManyAccountsIsSlowedAsAWhole() {
        for (int i = 0; i < 29; i++) {
            throttle.failed("guess" + i + "@hopital-nord.test", GUESSER);
        }
        assertThat(throttle.before("someone@hopital-nord.test", GUESSER)).isEqualTo(SignInVerdict.PROCEED);
        assertThat(throttle.failed("guess29@hopital-nord.test", GUESSER)).isEqualTo(new SignInVerdict.Wait(Duration.ofSeconds(1)));
        assertThat(throttle.before("anyone@hopital-nord.test", GUESSER)).isEqualTo(new SignInVerdict.Wait(Duration.ofSeconds(1)));
        // Five more: the wait doubles. Another address is not concerned.
        for (int i = 30; i < 35; i++) {
            clock.advance(Duration.ofSeconds(10));
            throttle.failed("guess" + i + "@hopital-nord.test", GUESSER);
        }
        assertThat(throttle.before("anyone@hopital-nord.test", GUESSER)).isEqualTo(new SignInVerdict.Wait(Duration.ofSeconds(2)));
        assertThat(throttle.before("anyone@hopital-nord.test", DOCTOR_AT_WORK)).isEqualTo(SignInVerdict.PROCEED);
    }
}
