package io.saasagent.region;

import io.saasagent.support.Failures;
import io.saasagent.support.Redactor;

import java.time.Instant;

/** The witness, read at most once per witness-interval; its last reading or why it could not be read. */
public final class WitnessGate {
    private final RegionSettings settings;
    private volatile Witness witness;
    private Witness.Reading reading;
    private String problem;
    private Instant nextAt = Instant.MIN;

    public WitnessGate(RegionSettings settings) {
        this.settings = settings;
    }

    /** The witness to read; until set, a configured witness counts as unreadable (no take-over). Any thread. */
    public void use(Witness w) {
        witness = w;
    }

    public boolean configured() {
        return settings.witness() != RegionSettings.WitnessKind.NONE;
    }

    /** Reads the witness when due; a configured witness with no implementation counts as unreadable. */
    public void readIfDue(Instant now) {
        if (!configured() || now.isBefore(nextAt)) {
            return;
        }
        nextAt = now.plus(settings.witnessInterval());
        Witness w = witness;
        if (w == null) {
            reading = null;
            problem = "no " + settings.witness().id() + " witness in this build";
            return;
        }
        try {
            reading = w.read();
            problem = reading == null ? w.describe() + " answered nothing" : null;
        } catch (Exception e) {
            reading = null;
            problem = w.describe() + ": " + Redactor.redact(Failures.describe(e));
        }
    }

    public Witness.Reading reading() {
        return problem == null ? reading : null;
    }

    public String problem() {
        return problem;
    }

    public String describe() {
        Witness w = witness;
        return w == null ? settings.witness().id() : w.describe();
    }
}
