package fr.mssnode.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SpoolPressureTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void mailIsWelcomeUntilTheSpoolHoldsMoreThanTheNodeDeliversWithinTheTarget() {
        AtomicLong depth = new AtomicLong();
        SpoolPressure pressure = new SpoolPressure(depth::get, new SpoolPressure.Limits(Duration.ofSeconds(10), 50), null);
        pressure.sample(0);
        assertThat(pressure.refusal()).isEmpty();

        // 40 messages a second accepted, 20 delivered: the spool grows by 20 a second.
        long spool = 0;
        for (int second = 1; second <= 30; second++) {
            for (int i = 0; i < 40; i++) {
                pressure.accepted();
            }
            spool += 20;
            depth.set(spool);
            pressure.sample(second * SECOND);
            if (spool <= 200) {
                assertThat(pressure.refusal()).as("depth %d, about 20 delivered a second, 10 s target", spool).isEmpty();
            }
        }
        assertThat(pressure.refusal()).hasValueSatisfying(reason ->
            assertThat(reason).contains("600 messages are waiting", "more than it delivers in 10 s"));

        // Nothing accepted any more, 20 delivered a second: welcome again once the spool is back under 10 s of work.
        for (int second = 31; spool > 150; second++) {
            spool -= 20;
            depth.set(spool);
            pressure.sample(second * SECOND);
        }
        assertThat(pressure.refusal()).isEmpty();
    }

    @Test
    void belowTheMinimumDepthMailIsAlwaysWelcome() {
        AtomicLong depth = new AtomicLong(49);
        SpoolPressure pressure = new SpoolPressure(depth::get, new SpoolPressure.Limits(Duration.ofSeconds(1), 50), null);
        pressure.sample(SECOND);
        assertThat(pressure.refusal()).isEmpty();
        depth.set(51);
        pressure.sample(2 * SECOND);
        assertThat(pressure.refusal()).isPresent();
    }
}
