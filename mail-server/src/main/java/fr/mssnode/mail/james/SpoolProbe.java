package fr.mssnode.mail.james;

import javax.inject.Inject;

import org.apache.james.utils.GuiceProbe;

import fr.mssnode.mail.smtp.SpoolPressure;

/** Hands the spool's back pressure to the Spring side: the web space's replies wait when SMTP submissions do. */
public class SpoolPressureProbe implements GuiceProbe {
    private final SpoolPressure pressure;

    @Inject
    public SpoolPressureProbe(SpoolPressure pressure) {
        this.pressure = pressure;
    }

    public SpoolPressure pressure() {
        return pressure;
    }
}
